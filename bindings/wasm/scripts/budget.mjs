// Prints the wasm package's budgets. Not a test: timings on a shared machine are noisy, so
// this reports figures (and OVER where one is above its budget) and always exits 0.
//
//   size      release .wasm + JS glue, gzip -9, per target       budget 300 KB (goal 250 KB)
//   per case  native vs wasm under Node, same cases, boundary    budget wasm <= 1.5x native
//             included (JSON text in, JSON text out)
//   load      loading and compiling the rule bundle in wasm      budget 10 ms
//   compiled  loading the compiled form (`onramp bundle --compiled`) in wasm
//   boundary  JSON text vs serde-wasm-bindgen objects (only when pkg-bench/ exists:
//             ONRAMP_BOUNDARY_BENCH=1 scripts/build.sh)
//   what-if   per NYC persona (rules/nyc/personas): `qualify` for every program (no `for`)
//             budget 10 ms, and a 200-point hourly wage sweep with exact break points
//             budget 40 ms (issue 11), p50 of several runs in wasm under Node
//
// Cases: the differential set (crates/onramp/tests/differential.rs), so both sides time the
// very same texts. Native: `cargo run --release --example native_bench` (the same entry
// point, onramp::api::evaluate), compiled with the same opt-levels as the wasm.
// `--no-native` skips the cargo run.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { bindings, differentialDir, loadPackage, loadRules, readRules, repo } from "../tests/support.mjs";

const KB = 1024;
const line = (s) => console.log(s);
const verdict = (ok) => (ok ? "ok" : "OVER");
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// 1. Size.
line("== size: release .wasm + JS glue, gzip -9 (budget 300 KB, goal 250 KB)");
// web-runtime: no rule compiler, loads compiled rule sets (what the widget and kiosk ship).
for (const [target, glue] of [["web-runtime", ["onramp_wasm.js"]], ["web", ["onramp_wasm.js"]], ["node", ["onramp_wasm.js"]], ["bundler", ["onramp_wasm.js", "onramp_wasm_bg.js"]]]) {
  const dir = join(bindings, `pkg-${target}`);
  if (!existsSync(join(dir, "onramp_wasm_bg.wasm"))) {
    line(`   ${target.padEnd(11)} not built`);
    continue;
  }
  const wasm = readFileSync(join(dir, "onramp_wasm_bg.wasm"));
  const js = Buffer.concat(glue.map((f) => readFileSync(join(dir, f))));
  const gz = (b) => gzipSync(b, { level: 9 }).length;
  const total = gz(wasm) + gz(js);
  line(`   ${target.padEnd(11)} wasm ${(wasm.length / KB).toFixed(0)} KB raw, ${(gz(wasm) / KB).toFixed(1)} KB gz + glue ${(gz(js) / KB).toFixed(1)} KB gz = ${(total / KB).toFixed(1)} KB  ${verdict(total <= 300 * KB)}`);
}

// What-if: "How could I qualify?" for every program, and the wage cliff, per persona.
// The same options as the stored answers (tests/whatif/), so the work measured is the work
// those answers took: every program not eligible, and $15–$35 an hour at 35 hours. Run last
// (or when there are no differential cases), so the module's instantiation is timed first.
function whatIf() {
  const RUNS = 9;
  const pkg = loadPackage();
  const nyc = loadRules(pkg, "rules/nyc");
  const dir = join(repo, "rules", "nyc", "personas");
  line("\n== what-if in wasm (Node), per NYC persona, p50 of " + RUNS + " runs after one warm-up");
  line("   budgets: qualify, every program <= 10 ms; 200-point wage sweep with exact breaks <= 40 ms");
  const time = (f) => {
    f();
    const ms = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      f();
      ms.push(performance.now() - t0);
    }
    return median(ms);
  };
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".json")).sort()) {
    const caseText = readFileSync(join(dir, file), "utf8");
    const asOf = JSON.parse(caseText).as_of ?? "2026-11-23";
    const qualifyOptions = JSON.stringify({ as_of: asOf });
    const sweepOptions = JSON.stringify({ as_of: asOf, wage: { per: "hour", from: "15", to: "35", hours: 35 }, points: 200 });
    const q = JSON.parse(nyc.qualify(caseText, qualifyOptions));
    const s = JSON.parse(nyc.sweep(caseText, sweepOptions));
    if (q.type !== "success" || s.type !== "success") {
      line(`   ${file}: ${JSON.stringify(q.errors ?? s.errors).slice(0, 300)}`);
      continue;
    }
    const qualifyMs = time(() => nyc.qualify(caseText, qualifyOptions));
    const sweepMs = time(() => nyc.sweep(caseText, sweepOptions));
    const evaluations = q.qualify.reduce((n, x) => n + x.search.evaluations, 0);
    const paths = q.qualify.reduce((n, x) => n + x.paths.length, 0);
    const breaks = s.sweep.items.reduce((n, x) => n + x.intervals.length - 1, 0);
    line(
      `   ${file.replace(/\.json$/, "").padEnd(28)} qualify ${q.qualify.length} programs: ${qualifyMs.toFixed(1).padStart(6)} ms (${evaluations} evaluations, ${paths} paths)  ${verdict(qualifyMs <= 10)}` +
        ` | sweep: ${sweepMs.toFixed(1).padStart(6)} ms (${s.sweep.evaluations} evaluations, ${breaks} breaks)  ${verdict(sweepMs <= 40)}`,
    );
  }
  nyc.free();
}

// 2. Native, from the Rust example over the same cases.
const manifestPath = join(differentialDir, "manifest.json");
if (!existsSync(manifestPath)) {
  line(`\n(no cases at ${differentialDir}: run \`cargo test --release -p onramp --test differential\` first)`);
  whatIf();
  process.exit(0);
}
const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
const native = new Map();
if (!process.argv.includes("--no-native")) {
  // Native as a backend builds it (the workspace's release profile, opt-level 3), in a
  // target directory of its own so the CLI's release build is left alone.
  const hot = [];
  const run = spawnSync("cargo", ["run", "--release", "-q", ...hot, "-p", "onramp-wasm", "--example", "native_bench", "--", differentialDir], {
    cwd: repo,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, CARGO_TARGET_DIR: join(repo, "target", "native-bench") },
  });
  for (const l of (run.stdout ?? "").split("\n").filter((x) => x.startsWith("{"))) {
    const r = JSON.parse(l);
    native.set(r.set, r);
  }
}

// 3. wasm under Node: the same cases, the same way.
const started = performance.now();
const onramp = loadPackage();
const instantiateMs = performance.now() - started;
const bench = existsSync(join(bindings, "pkg-bench", "onramp_wasm.js")) ? loadPackage(join(bindings, "pkg-bench")) : null;
const runtime = existsSync(join(bindings, "pkg-node-runtime", "onramp_wasm.js")) ? loadPackage(join(bindings, "pkg-node-runtime")) : null;

for (const set of manifest) {
  const cases = readFileSync(join(differentialDir, set.file), "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l));
  const files = readRules(set.rules);
  const built = JSON.parse(onramp.bundle(JSON.stringify({ files })));
  if (built.type !== "success") {
    line(`\n== ${set.set}: the rules do not bundle: ${JSON.stringify(built.errors).slice(0, 500)}`);
    continue;
  }
  const bundleText = JSON.stringify(built.bundle);

  // Load and compile the bundle: the first call in this process, then the median of 21.
  const loadOnce = () => {
    const t = performance.now();
    const a = onramp.Rules.load(bundleText);
    const ms = performance.now() - t;
    if (a.type !== "success") throw new Error(JSON.stringify(a.errors));
    return [ms, a.rules];
  };
  const [firstLoad, rules] = loadOnce();
  const loads = [];
  for (let i = 0; i < 21; i++) {
    const [ms, r] = loadOnce();
    loads.push(ms);
    r.free();
  }

  // Per case, JSON text in and out (what the package offers), after a warm-up.
  for (const c of cases.slice(0, 500)) rules.evaluate(c.case, c.options);
  let t = performance.now();
  for (const c of cases) rules.evaluate(c.case, c.options);
  const wasmUs = ((performance.now() - t) * 1000) / cases.length;

  // A host that holds objects: JSON.stringify in, JSON.parse out.
  const objects = cases.flatMap((c) => {
    try {
      const k = JSON.parse(c.case);
      return k !== null && typeof k === "object" && !Array.isArray(k) ? [[k, JSON.parse(c.options)]] : [];
    } catch {
      return [];
    }
  });
  for (const [k, o] of objects.slice(0, 300)) JSON.parse(rules.evaluate(JSON.stringify(k), JSON.stringify(o)));
  t = performance.now();
  for (const [k, o] of objects) JSON.parse(rules.evaluate(JSON.stringify(k), JSON.stringify(o)));
  const textObjectsUs = ((performance.now() - t) * 1000) / objects.length;

  const n = native.get(set.set);
  line(`\n== ${set.set}: ${cases.length} cases (rules ${set.hash.slice(0, 19)}…)`);
  if (n) {
    const ratio = wasmUs / n.us_per_case;
    line(`   per case   native ${n.us_per_case.toFixed(1)} µs | wasm ${wasmUs.toFixed(1)} µs (JSON text in and out) | ${ratio.toFixed(2)}x native (budget 1.5x)  ${verdict(ratio <= 1.5)}`);
  } else {
    line(`   per case   wasm ${wasmUs.toFixed(1)} µs (JSON text in and out); native not measured`);
  }
  line(`   load       bundle ${(bundleText.length / KB).toFixed(0)} KB: first ${firstLoad.toFixed(1)} ms, median ${median(loads).toFixed(1)} ms in wasm (budget 10 ms)  ${verdict(Math.max(firstLoad, median(loads)) <= 10)}` + (n ? `; native median ${n.bundle_load_ms} ms` : ""));
  // The compiled form (`onramp bundle --compiled`): the same rules, loaded without compiling.
  // In the full package and in the runtime build (no compiler), which pages ship.
  const compiled = rules.toCompiled();
  const compiledLoadMs = (pkg) => {
    const ms = [];
    for (let i = 0; i < 21; i++) {
      const t0 = performance.now();
      const a = pkg.Rules.loadCompiled(compiled);
      ms.push(performance.now() - t0);
      if (a.type !== "success") throw new Error(JSON.stringify(a.errors));
      a.rules.free();
    }
    return median(ms);
  };
  const fullMs = compiledLoadMs(onramp);
  if (runtime) {
    const runtimeMs = compiledLoadMs(runtime);
    line(`   runtime    load the compiled form median ${runtimeMs.toFixed(1)} ms in the runtime build (budget 10 ms)  ${verdict(runtimeMs <= 10)}`);
  }
  line(`   compiled   ${(compiled.length / KB).toFixed(0)} KB (${(gzipSync(compiled, { level: 9 }).length / KB).toFixed(0)} KB gz): load median ${fullMs.toFixed(1)} ms in wasm (budget 10 ms)  ${verdict(fullMs <= 10)}`);
  line(`   module     instantiate ${instantiateMs.toFixed(1)} ms (Node, synchronous)`);

  // Objects through serde-wasm-bindgen, against the JSON text path with stringify/parse.
  const benchLoaded = bench?.Rules.load(bundleText);
  if (benchLoaded?.type !== "success") {
    if (bench) line("   boundary   pkg-bench does not load these rules: rebuild it (ONRAMP_BOUNDARY_BENCH=1 scripts/build.sh)");
  } else {
    const benchRules = benchLoaded.rules;
    for (const [k, o] of objects.slice(0, 300)) benchRules.evaluateObject(k, o);
    t = performance.now();
    for (const [k, o] of objects) benchRules.evaluateObject(k, o);
    const objectUs = ((performance.now() - t) * 1000) / objects.length;
    line(`   boundary   objects in/out: JSON text + stringify/parse ${textObjectsUs.toFixed(1)} µs | serde-wasm-bindgen ${objectUs.toFixed(1)} µs per case (${objects.length} cases)`);
  }
  if (!bench) {
    line(`   boundary   objects in/out via JSON text + stringify/parse ${textObjectsUs.toFixed(1)} µs per case (serde-wasm-bindgen: build pkg-bench with ONRAMP_BOUNDARY_BENCH=1)`);
  }
  rules.free();
}

whatIf();
