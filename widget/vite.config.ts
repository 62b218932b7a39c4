import { defineConfig } from "vite";

// One self-contained widget.js (IIFE, no imports at runtime), built by Maven into the app's static
// resources; the output folder also holds /admin, so it is never emptied.
export default defineConfig({
  build: {
    lib: { entry: "src/widget.ts", formats: ["iife"], name: "HandoffWidget", fileName: () => "widget.js" },
    emptyOutDir: false,
    target: "es2019",
  },
});
