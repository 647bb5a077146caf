// Request schema pieces used by several routes (TypeBox values are plain JSON Schema, so the
// page routes can use them too).
import { Type, type Static, type TSchema } from 'typebox';

export const Slug = Type.String({ pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$', maxLength: 120 });

/** Thread and comment ids as the application makes them (see ids.ts), with room for imported ones. */
export const PublicId = Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' });

const PRIMITIVES = new Set(['string', 'number', 'integer', 'boolean']);

/**
 * A value or null. Primitives become `type: [T, "null"]` rather than anyOf: with type coercion
 * on (query strings need it), Ajv coerces only when no listed type matches, whereas an anyOf
 * would turn a JSON null into false, 0 or "" (or false into null) in its first branch.
 */
export const Nullable = <T extends TSchema>(schema: T) => {
  const type = (schema as { type?: unknown }).type;
  return typeof type === 'string' && PRIMITIVES.has(type)
    ? Type.Unsafe<Static<T> | null>({ ...schema, type: [type, 'null'] })
    : Type.Union([schema, Type.Null()]);
};
