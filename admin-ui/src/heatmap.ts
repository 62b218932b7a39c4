// The 7×24 busiest-hours heatmap: conversations started per weekday (row 0 = Monday) and hour,
// as cells with an intensity from 0 to 1 relative to the busiest hour.

export const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

export interface Cell { day: number; hour: number; count: number; intensity: number }

/** @return 168 cells (7 days × 24 hours); a missing row or hour counts as 0 */
export function heatmapCells(grid: number[][]): Cell[] {
  const max = Math.max(1, ...grid.flat());
  const cells: Cell[] = [];
  for (let day = 0; day < 7; day++) {
    for (let hour = 0; hour < 24; hour++) {
      const count = grid[day]?.[hour] ?? 0;
      cells.push({ day, hour, count, intensity: count / max });
    }
  }
  return cells;
}

/** @return the busiest weekday and hour, or null when there were no conversations */
export function busiest(grid: number[][]): Cell | null {
  const cells = heatmapCells(grid).filter((c) => c.count > 0);
  return cells.length === 0 ? null : cells.reduce((a, b) => (b.count > a.count ? b : a));
}
