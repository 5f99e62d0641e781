// Code that uses every entry point and answer type, for `tsc --noEmit` only (never run).
import type * as Onramp from "../pkg-node/onramp_wasm.js";

type Api = Pick<typeof Onramp, "Rules" | "check" | "bundle" | "version">;

export function useEverything(onramp: Api, rulesJson: string): string[] {
  const out: string[] = [onramp.version()];

  const checked: Onramp.CheckAnswer = JSON.parse(onramp.check(rulesJson));
  if (checked.type === "success") {
    out.push(checked.hash, checked.name, String(checked.summary.criteria));
    checked.warnings.forEach((w: Onramp.Diagnostic) => out.push(`${w.file}:${w.line}:${w.column_utf16}`));
  } else {
    for (const e of checked.errors) out.push("line" in e ? `${e.code}@${e.line}:${e.column_utf16}` : e.message);
  }

  const bundled: Onramp.BundleAnswer = JSON.parse(onramp.bundle(rulesJson));
  if (bundled.type === "success") out.push(bundled.bundle.hash, bundled.bundle.files[0]?.path ?? "");

  const loaded: Onramp.LoadAnswer = onramp.Rules.load(rulesJson);
  if (loaded.type === "failure") {
    return out.concat(loaded.errors.map((e) => e.code));
  }
  const rules: Onramp.Rules = loaded.rules;
  out.push(rules.hash);

  const options: Onramp.EvaluateOptions = { as_of: "2026-11-23", lang: "es" };
  const kase: Onramp.CaseInput = { household: { household_size: 2 }, persons: [{ id: "a", date_of_birth: "1990-01-01" }] };
  const answer: Onramp.EvaluateAnswer = JSON.parse(rules.evaluate(JSON.stringify(kase), JSON.stringify(options)));
  if (answer.type === "success") {
    const d: Onramp.Decision = answer.decision;
    out.push(d.rules.hash, d.as_of, d.lang);
    for (const p of d.persons) {
      for (const prog of p.programs) {
        const s: Onramp.Status = prog.status;
        out.push(prog.id, s, ...prog.missing, prog.priority?.group ?? "");
        const walk = (x: Onramp.Explanation): void => {
          const t: Onramp.Truth = x.status;
          out.push(x.id, t, ...(x.values ?? []).map((v) => JSON.stringify(v.value)));
          (x.children ?? []).forEach(walk);
        };
        prog.criteria.forEach(walk);
      }
      for (const svc of p.services) out.push(svc.need.status, svc.eligibility?.status ?? "");
      for (const l of p.pathways) l.next.forEach((n: Onramp.NextStep) => out.push(n.step, ...n.first.map((r) => r.closes)));
    }
    d.household.services.forEach((s: Onramp.ServiceDecision) => out.push(s.id));
    d.next_questions.forEach((q: Onramp.Question) => out.push(q.path, String(q.settles)));
    d.input_errors.forEach((e: Onramp.InputError) => out.push(e.path));
    d.rule_errors.forEach((e: Onramp.RuleError) => out.push(e.message));
  } else {
    answer.errors.forEach((e) => out.push(e.code, e.message));
  }

  const schema: Onramp.SchemaAnswer = JSON.parse(rules.schema("es"));
  if (schema.type === "success") {
    const s: Onramp.Schema = schema.schema;
    s.facts.forEach((f: Onramp.FactSchema) => out.push(f.id, f.scope, f.question, ...(f.values ?? []).map((v) => v.label)));
  }
  JSON.parse(rules.schema(undefined));

  const tests: Onramp.TestsAnswer = JSON.parse(rules.runTests());
  if (tests.type === "success") tests.tests.forEach((t: Onramp.TestOutcome) => out.push(t.name, String(t.passed)));

  rules.free();
  return out;
}
