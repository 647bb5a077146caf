import { Command } from 'commander';

export function demoCommand(): Command {
  return new Command('demo').description('load the demo content (arrives with the demo content work)');
}
