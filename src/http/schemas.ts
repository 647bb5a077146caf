// Request schema pieces used by several routes (TypeBox values are plain JSON Schema, so the
// page routes can use them too).
import { Type } from 'typebox';

// Defined in the domain, which publishes some of its own shapes (see domain/json-schema.ts).
export { Literals, Nullable } from '../domain/json-schema.ts';

export const Slug = Type.String({ pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$', maxLength: 120 });

/** Thread and comment ids as the application makes them (see ids.ts), with room for imported ones. */
export const PublicId = Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' });
