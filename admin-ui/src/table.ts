// Sorting for the tickets table: by any column, priorities in their order (urgent first when descending).

const PRIORITY = ["low", "medium", "high", "urgent"];

/** @return a copy of the rows sorted by `key`, ascending or descending; priorities by rank, dates and numbers by value, text by locale */
export function sortRows<T extends object>(rows: T[], key: keyof T, descending: boolean): T[] {
  const value = (r: T): number | string => {
    const v = r[key] as unknown;
    if (key === "priority") return PRIORITY.indexOf(String(v));
    if (typeof v === "number") return v;
    if (typeof v === "string" && /^\d{4}-\d\d-\d\dT/.test(v)) return Date.parse(v);
    return v === null || v === undefined ? "" : String(v).toLowerCase();
  };
  const sorted = [...rows].sort((a, b) => {
    const x = value(a), y = value(b);
    return typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
  });
  return descending ? sorted.reverse() : sorted;
}
