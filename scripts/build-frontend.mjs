// Compiles the council-branded GOV.UK Frontend stylesheet and copies the
// JavaScript and images Django serves. The output is committed, so running
// the platform needs no Node.js; CI rebuilds it and fails if it differs.
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const govuk = join(root, "node_modules", "govuk-frontend", "dist", "govuk");
const out = join(root, "src", "coopcouncil", "frontend", "static", "frontend");

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, "images"), { recursive: true });

const result = sass.compile(join(root, "src", "coopcouncil", "frontend", "scss", "coopcouncil.scss"), {
  loadPaths: [join(root, "node_modules")],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import"],
});
writeFileSync(join(out, "coopcouncil.css"), result.css + "\n");
cpSync(join(govuk, "govuk-frontend.min.js"), join(out, "govuk-frontend.min.js"));
// Only the neutral favicon is taken: the crown and crest are reserved for GOV.UK.
cpSync(join(root, "src", "coopcouncil", "frontend", "scss", "favicon.svg"), join(out, "images", "favicon.svg"));
// GOV.UK Frontend's footer rule still names the crest. An empty image stands in for it, so the
// stylesheet refers to nothing missing and collectstatic's manifest can be built; no crest is shown.
writeFileSync(
  join(out, "images", "govuk-crest.svg"),
  '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1" aria-hidden="true"></svg>\n',
);
console.log(`built ${out}`);
