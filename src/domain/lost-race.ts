// Whether a failed write lost a race for a unique value: another request took the same slug,
// email or key between this one's check and its insert. The domain answers the races it knows
// (a post's slug, a new tag); the HTTP error handler asks here about any other that reaches it.
import { isUniqueViolation } from '../storage/constraint-errors.ts';

export const lostRaceForUniqueValue = (error: unknown): boolean => isUniqueViolation(error);
