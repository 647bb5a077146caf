// The lead image's focal point: the point (percent across, percent down) that every crop of the
// lead image keeps in view. Checked here for both the admin API and the desk's form.
import { invalid } from '../../errors.ts';
import { findMediaById } from '../../storage/repos/media.ts';
import type { PictureMedia } from '../../render/picture.ts';
import type { DomainContext } from '../context.ts';
import { toPictureMedia } from './render.ts';

export interface FocalPoint {
  /** Percent of the width from the left, 0–100. */
  x: number;
  /** Percent of the height from the top, 0–100. */
  y: number;
}

export const CENTRE: FocalPoint = { x: 50, y: 50 };

function percent(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 100)
    throw invalid(field, 'must be a whole number from 0 to 100 (percent of the image, 50 is the middle)');
  return value;
}

/** The focal point as columns, refusing anything but whole percentages; fields named `leadFocus.x`/`.y`. */
export function checkFocalPoint(focus: FocalPoint): { lead_focal_x: number; lead_focal_y: number } {
  return { lead_focal_x: percent('leadFocus.x', focus.x), lead_focal_y: percent('leadFocus.y', focus.y) };
}

export const focalPointOf = (row: { lead_focal_x?: number | null; lead_focal_y?: number | null }): FocalPoint => ({
  x: row.lead_focal_x ?? CENTRE.x,
  y: row.lead_focal_y ?? CENTRE.y,
});

/** The editor's preview of a lead image; null when the id names nothing (the save will say so). */
export async function leadImagePreview(ctx: Pick<DomainContext, 'db'>, id: string): Promise<PictureMedia | null> {
  if (!/^[a-z0-9]{1,40}$/.test(id)) return null;
  const media = await findMediaById(ctx.db, id);
  return media ? toPictureMedia(media) : null;
}
