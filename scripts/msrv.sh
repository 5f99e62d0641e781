#!/usr/bin/env bash
# The kernel's declared MSRV (`rust-version`) against what its dependencies declare.
#
# The MSRV is chosen as the highest `rust-version` among the crates a build of `onramp`
# compiles (normal dependencies, transitively, for the host and for wasm32): an older
# compiler could not build those anyway. This fails when a dependency needs a newer Rust
# than the kernel declares (raise `rust-version`, or hold the dependency back) and notes when
# the declaration is higher than any dependency needs. The kernel's own code is checked by
# clippy's `incompatible_msrv` lint (std APIs newer than `rust-version`), which runs with
# every `cargo clippy`. Only a `cargo +<msrv> check` would also catch language features;
# that toolchain is not installed here.
set -euo pipefail
cd "$(dirname "$0")/.."

for platform in "$(rustc -vV | sed -n 's/^host: //p')" wasm32-unknown-unknown; do
  cargo metadata --format-version 1 --locked --filter-platform "$platform" |
    node -e '
      const m = JSON.parse(require("fs").readFileSync(0, "utf8"));
      const platform = process.argv[1];
      const byId = new Map(m.packages.map((p) => [p.id, p]));
      const nodes = new Map(m.resolve.nodes.map((n) => [n.id, n]));
      const kernel = m.packages.find((p) => p.name === "onramp");
      const v = (s) => (s || "0").split(".").map(Number).concat([0, 0, 0]).slice(0, 3);
      const cmp = (a, b) => { const x = v(a), y = v(b); for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] - y[i]; return 0; };
      const seen = new Set();
      const stack = [kernel.id];
      while (stack.length) {
        const id = stack.pop();
        if (seen.has(id)) continue;
        seen.add(id);
        for (const d of nodes.get(id).deps) if (d.dep_kinds.some((k) => k.kind === null)) stack.push(d.pkg);
      }
      seen.delete(kernel.id);
      const deps = [...seen].map((id) => byId.get(id));
      const highest = deps.reduce((a, p) => (cmp(p.rust_version, a.rust_version) > 0 ? p : a));
      const over = deps.filter((p) => cmp(p.rust_version, kernel.rust_version) > 0);
      console.log(`${platform}: onramp declares ${kernel.rust_version}; ${deps.length} dependencies, the highest rust-version ${highest.rust_version} (${highest.name} ${highest.version})`);
      for (const p of over) console.log(`  NEEDS NEWER: ${p.name} ${p.version} declares ${p.rust_version}`);
      if (cmp(highest.rust_version, kernel.rust_version) < 0) console.log(`  note: no dependency needs more than ${highest.rust_version}`);
      process.exit(over.length ? 1 : 0);
    ' "$platform"
done
