// A node:test reporter that prints only a summary: every test (not suite)
// that passed, failed or was skipped, and the totals. run.sh uses it beside
// the spec reporter.
export default async function* summary(source) {
  const passed = [];
  const failed = [];
  const skipped = [];
  for await (const ev of source) {
    if (ev.type !== 'test:pass' && ev.type !== 'test:fail') continue;
    const d = ev.data;
    if (d.details && d.details.type === 'suite') {
      // A suite fails by itself only when a hook fails: report it as such.
      if (ev.type === 'test:fail' && d.details.error && !/subtest/i.test(String(d.details.error.failureType))) {
        failed.push(`${d.name} (suite setup/teardown): ${firstLine(d.details.error)}`);
      }
      continue;
    }
    const name = d.name;
    if (ev.type === 'test:pass') (d.skip || d.todo ? skipped : passed).push(name);
    else if (d.details && d.details.error && d.details.error.failureType === 'cancelledByParent') failed.push(`${name}: not run, its suite's setup failed`);
    else failed.push(`${name}: ${firstLine(d.details && d.details.error)}`);
  }
  let out = '\n================ e2e summary ================\n';
  for (const n of passed) out += `  PASS  ${n}\n`;
  for (const n of skipped) out += `  SKIP  ${n}\n`;
  for (const n of failed) out += `  FAIL  ${n}\n`;
  out += `passed: ${passed.length}  failed: ${failed.length}  skipped: ${skipped.length}\n`;
  yield out;
}

function firstLine(err) {
  if (!err) return '';
  const e = err.cause || err;
  return String(e.message || e).split('\n')[0].slice(0, 300);
}
