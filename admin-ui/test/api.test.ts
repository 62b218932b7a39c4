import { describe, expect, it } from "vitest";
import { problemMessage } from "../src/api";

describe("error messages", () => {
  it("shows the problem's detail, then its title", () => {
    expect(problemMessage(422, { type: "about:blank", title: "Unprocessable", status: 422, detail: "The shortcut /thanks is taken." }))
      .toBe("The shortcut /thanks is taken.");
    expect(problemMessage(422, { title: "Unprocessable Entity", detail: "  " })).toBe("Unprocessable Entity");
  });
  it("never shows a bare reason phrase for an empty or non-JSON body", () => {
    expect(problemMessage(403, "")).toBe("You are not allowed to do this.");
    expect(problemMessage(403, null)).not.toBe("Forbidden");
    expect(problemMessage(502, "<html>Bad Gateway</html>")).toContain("error 502");
    expect(problemMessage(418, null)).toBe("The request failed (error 418).");
  });
});
