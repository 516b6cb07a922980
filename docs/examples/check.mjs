// Node 18+ (built-in fetch): check a page with attrcheck serve before publishing.
//   node check.mjs article.html https://ours.example/2024/05/article
import { readFile } from "node:fs/promises";

const [file, url] = process.argv.slice(2);
const query = new URLSearchParams({ url, fail_on: "error" });
const res = await fetch(`http://127.0.0.1:8080/v1/check?${query}`, {
  method: "POST",
  headers: {
    "Content-Type": "text/html; charset=utf-8",
    ...(process.env.ATTRCHECK_TOKEN && { Authorization: `Bearer ${process.env.ATTRCHECK_TOKEN}` }),
  },
  body: await readFile(file),
});
if (!res.ok) {
  console.error(`attrcheck serve: ${res.status}`, (await res.json()).error.message);
  process.exit(2);
}
const { verdict, page } = await res.json();
for (const f of page.findings) console.log(`${f.line ?? 0}:${f.column ?? 0}: ${f.severity} ${f.rule}: ${f.message}`);
process.exit(verdict === "fail" ? 1 : 0);
