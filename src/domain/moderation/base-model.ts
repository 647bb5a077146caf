// The base model shipped with Gazette: token counts trained on public labelled corpora by
// scripts/train-spam-base.ts (npm run spam:train; docs/SPAM.md says which corpora and under what
// licences). Read once per process and kept as a Map, so screening a comment costs a lookup.
import fs from 'node:fs';

export interface BaseModel {
  totals: { spam: number; ham: number };
  /** token → [spam count, ham count] */
  tokens: ReadonlyMap<string, readonly [number, number]>;
}

/** The file's shape: `tokens` maps each token to [spam, ham]. */
export interface BaseModelFile {
  version: 1;
  corpora: string[];
  totals: { spam: number; ham: number };
  tokens: Record<string, [number, number]>;
}

export const BASE_MODEL_FILE = new URL('./base-model.json', import.meta.url);

export const EMPTY_BASE_MODEL: BaseModel = { totals: { spam: 0, ham: 0 }, tokens: new Map() };

export function baseModelFrom(file: BaseModelFile): BaseModel {
  return { totals: file.totals, tokens: new Map(Object.entries(file.tokens)) };
}

let shipped: BaseModel | null = null;

export function shippedBaseModel(): BaseModel {
  shipped ??= baseModelFrom(JSON.parse(fs.readFileSync(BASE_MODEL_FILE, 'utf8')) as BaseModelFile);
  return shipped;
}
