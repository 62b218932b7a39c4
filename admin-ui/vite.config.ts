import { defineConfig } from "vite";

// Built by Maven (app module, generate-resources) into the app's static resources under /admin.
export default defineConfig({
  base: "/admin/",
  build: { emptyOutDir: true },
});
