import { describe, expect, it } from "vitest";
import { importErrors, importSummary } from "../src/imports";
import type { FaqImport } from "../src/types";

const base: FaqImport = { id: "i", status: "running", total: 5000, processed: 1200, created: 0, updated: 0, unchanged: 0, failed: 0,
  errors: [], failure: null, createdAt: "2026-01-01T00:00:00Z", updatedAt: "2026-01-01T00:00:00Z", finishedAt: null };

describe("FAQ imports", () => {
  it("shows progress while running", () => {
    expect(importSummary(base)).toBe("Importing… 1,200 of 5,000 rows (24 %).");
  });
  it("says what a finished import did, skipped rows included", () => {
    const done = { ...base, status: "done" as const, processed: 5000, created: 4990, updated: 4, unchanged: 3, failed: 3 };
    expect(importSummary(done)).toBe("Imported 5,000 rows: 4,990 new, 4 updated, 3 unchanged, 3 rows skipped — searchable now.");
  });
  it("says why a failed import stopped", () => {
    expect(importSummary({ ...base, status: "failed", failure: "Stopped after 1200 of 5000 rows." })).toBe("Import failed. Stopped after 1200 of 5000 rows.");
  });
  it("lists skipped rows and counts the rest", () => {
    const errors = Array.from({ length: 3 }, (_, k) => ({ row: k + 1, detail: "Answer is required" }));
    expect(importErrors({ ...base, failed: 30, errors }, 2)).toEqual(["Row 1: Answer is required", "Row 2: Answer is required", "…and 28 more"]);
  });
});
