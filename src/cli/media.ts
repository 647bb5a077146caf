import { Command } from 'commander';

export function mediaCommand(): Command {
  return new Command('media').description('manage uploaded images (arrives with the media pipeline)');
}
