// TypeBox helpers for the shapes the domain owns and the API publishes as they are (moderation
// settings, audit entries, ...): the schema sits beside the rule so the domain never imports HTTP,
// and the TypeScript type is derived from it, so each shape is written once.
import { Type, type Static, type TLiteral, type TSchema, type TSchemaOptions, type TUnion } from 'typebox';

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

type LiteralSchemas<T extends readonly string[]> = { -readonly [K in keyof T]: TLiteral<T[K]> };

/**
 * One of a list of strings, as anyOf of consts (the same JSON Schema as spelling out each
 * Type.Literal). TypeBox infers a union only from a tuple: `Type.Union(list.map(Type.Literal))`
 * types as `never`, which silently accepts anything in TypeScript; this keeps the list's type.
 */
export function Literals<const T extends readonly string[]>(values: T, options?: TSchemaOptions): TUnion<LiteralSchemas<T>> {
  return Type.Union(
    values.map((value) => Type.Literal(value)),
    options,
  ) as unknown as TUnion<LiteralSchemas<T>>;
}
