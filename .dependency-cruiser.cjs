// The server's layers (docs/architecture.md), checked by `npm run check:structure`:
//
//   shared ← config ← db / http ← modules ← app-level files (src/*.ts: app, server, cli, …)
//
// Rules go by folder, so every package laid out as packages/<name>/src/{shared,config.ts,db,
// http,modules/<module>} is covered, new modules included. A rule names a layer by its
// path below src/; `SRC` matches the src folder of any package but packages/contract, which
// holds only the API's schemas, sits below every layer and may be imported from any of them
// (its own rule, at the end, keeps it free of the server).
const SRC = "^packages/(?!contract/)[^/]+/src/";
const NOT_TESTS = "\\.test\\.ts$";

/** A module's path `from` may not import any of `to` (the layers above it). */
const above = (name, comment, fromPath, toPath) => ({
  name,
  comment,
  severity: "error",
  from: { path: fromPath, pathNot: NOT_TESTS },
  to: { path: toPath },
});

module.exports = {
  forbidden: [
    {
      name: "no-circular",
      comment: "An import cycle: layers and modules depend one way.",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    above("shared-imports-nothing-above", "shared/ is the bottom layer: it imports only shared/.", `${SRC}shared/`, `${SRC}(?!shared/)`),
    above("config-imports-only-shared", "config.ts imports only shared/.", `${SRC}config\\.ts$`, `${SRC}(?!shared/|config\\.ts$)`),
    above("db-imports-only-config-and-shared", "db/ imports only config and shared/.", `${SRC}db/`, `${SRC}(?!shared/|config\\.ts$|db/)`),
    above("http-imports-only-config-and-shared", "http/ imports only config and shared/ (modules inject what it needs).", `${SRC}http/`, `${SRC}(?!shared/|config\\.ts$|http/)`),
    above(
      "modules-import-no-app-level-file",
      "A module may import the layers below it and other modules' services, never app-level files (src/*.ts, src/control/).",
      `${SRC}modules/`,
      `${SRC}(?!config\\.ts$)([^/]+\\.ts$|control/)`,
    ),
    {
      name: "no-other-modules-repository",
      comment: "Modules talk through services (or a read interface the owner exports), never through another module's repository.",
      severity: "error",
      from: { path: `${SRC}modules/([^/]+)/`, pathNot: NOT_TESTS },
      to: { path: `${SRC}modules/[^/]+/.+\\.repository\\.ts$`, pathNot: `${SRC}modules/$1/` },
    },
    {
      name: "no-query-parsing-below-routes",
      comment:
        "Routes turn query strings into typed list options (shared/list-options.ts); services and repositories never import http/list-params.",
      severity: "error",
      from: { path: `${SRC}modules/.+\\.(service|repository)\\.ts$` },
      to: { path: `${SRC}http/list-params\\.ts$` },
    },
    {
      name: "contract-imports-no-server-layer",
      comment: "packages/contract (the API's schemas) stands alone: it imports nothing of the server.",
      severity: "error",
      from: { path: "^packages/contract/" },
      to: { path: "^packages/server/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    includeOnly: "^packages/(server|contract)/(src|test)/",
    exclude: { path: "(^|/)(node_modules|dist)/" },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      extensions: [".ts", ".js", ".json"],
    },
  },
};
