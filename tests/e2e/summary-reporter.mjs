// A node:test reporter that counts passed and failed top-level tests per
// file, as JSON, for the summary `cargo xtask test` prints.
export default async function* summary(source) {
  const files = {};
  for await (const event of source) {
    if ((event.type === "test:pass" || event.type === "test:fail") && event.data.nesting === 0) {
      const file = String(event.data.file ?? "unknown").split("/").pop();
      files[file] ??= { passed: 0, failed: 0 };
      files[file][event.type === "test:pass" ? "passed" : "failed"] += 1;
    }
  }
  yield `${JSON.stringify(files, null, 2)}\n`;
}
