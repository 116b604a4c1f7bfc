/** One model on the accuracy-vs-complexity plane. */
export interface ComplexityPoint {
  key: string;
  params: number;
  accuracy: number;
}

/**
 * Keys of the Pareto-optimal points: no other point has at most as many parameters and at least
 * the same accuracy with one of the two strictly better. Equal points are all kept. Ordered from
 * the smallest model to the largest.
 */
export function paretoFront(points: ComplexityPoint[]): string[] {
  const usable = points.filter((p) => Number.isFinite(p.accuracy) && Number.isFinite(p.params));
  // Smallest first; among equal sizes the most accurate first, so one sweep keeps the front.
  const sorted = [...usable].sort((a, b) => a.params - b.params || b.accuracy - a.accuracy);
  const front: string[] = [];
  let best = Number.NEGATIVE_INFINITY;
  let bestParams = Number.NaN;
  for (const point of sorted) {
    if (point.accuracy > best) {
      front.push(point.key);
      best = point.accuracy;
      bestParams = point.params;
    } else if (point.accuracy === best && point.params === bestParams) {
      front.push(point.key);
    }
  }
  return front;
}
