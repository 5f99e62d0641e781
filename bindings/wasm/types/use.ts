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
    for (const e of checked.errors) out.push("column_utf16" in e ? `${e.code}@${e.line}:${e.column_utf16}` : e.message);
  }

  const bundled: Onramp.BundleAnswer = JSON.parse(onramp.bundle(rulesJson));
  if (bundled.type === "success") out.push(bundled.bundle.hash, bundled.bundle.files[0]?.path ?? "");

  const loaded: Onramp.LoadAnswer = onramp.Rules.load(rulesJson);
  if (loaded.type === "failure") {
    return out.concat(loaded.errors.map((e) => e.code));
  }
  const rules: Onramp.Rules = loaded.rules;
  out.push(rules.hash);

  const kase: Onramp.CaseInput = { household: { household_size: 2 }, persons: [{ id: "a", date_of_birth: "1990-01-01" }] };
  const caseJson = JSON.stringify(kase);

  // The catalog: every text by id, once per rule set and language.
  const cat: Onramp.CatalogAnswer = JSON.parse(rules.catalog("es"));
  const names = new Map<string, string>();
  if (cat.type === "success") {
    const c: Onramp.Catalog = cat.catalog;
    out.push(c.rules.hash, c.lang);
    c.programs.forEach((p: Onramp.ProgramInfo) => {
      names.set(p.id, p.name);
      out.push(p.description ?? "", p.citation ?? "", ...p.criteria, ...(p.priority ?? []).map((g: Onramp.PriorityInfo) => `${g.id}:${g.name}:${g.when}`));
    });
    c.services.forEach((s: Onramp.ServiceInfo) => out.push(s.id, s.name, s.scope, ...s.need, ...(s.eligible ?? []), s.referral ?? ""));
    c.ladders.forEach((l: Onramp.LadderInfo) => out.push(l.name, ...l.steps.map((id) => c.steps[id]?.name ?? id)));
    Object.entries(c.steps).forEach(([id, s]: [string, Onramp.StepInfo]) => out.push(id, s.kind ?? "", ...s.requirements, ...s.delivered_by, ...(s.after ?? [])));
    Object.entries(c.criteria).forEach(([id, k]: [string, Onramp.CriterionInfo]) => out.push(id, k.text, k.rule, k.expr ?? "", ...(k.reads ?? []), ...(k.children ?? []), k.closed_by ?? ""));
    Object.values(c.parameters).forEach((p: Onramp.ParameterInfo) => out.push(p.description, ...p.entries.map((e: Onramp.ParameterEntry) => `${e.from ?? ""}..${e.until ?? ""} ${e.status} ${e.source ?? ""}`)));
  }
  JSON.parse(rules.catalog(undefined));

  // The summary, after every answer: statuses, top-level reasons worded, the first questions.
  const summaryOptions: Onramp.EvaluateOptions = { as_of: "2026-11-23", lang: "es", detail: "summary" };
  const summarized: Onramp.EvaluateAnswer = JSON.parse(rules.evaluate(caseJson, JSON.stringify(summaryOptions)));
  if (summarized.type === "success" && summarized.decision.detail === "summary") {
    const d: Onramp.DecisionSummary = summarized.decision;
    out.push(d.rules.hash, d.as_of, d.lang, String(d.more_questions));
    for (const p of d.persons) {
      for (const prog of p.programs as Onramp.ProgramSummary[]) {
        const s: Onramp.Status = prog.status;
        out.push(names.get(prog.id) ?? prog.id, s, prog.priority?.group ?? "", prog.priority?.because ?? "");
        out.push(...[...(prog.failed ?? []), ...(prog.unknown ?? [])].map((id) => d.criteria[id] ?? id));
      }
      p.services.forEach((svc: Onramp.ServiceSummary) => out.push(svc.need, svc.eligibility ?? "", ...(svc.unknown ?? [])));
      for (const l of p.pathways as Onramp.LadderSummary[]) {
        Object.entries(l.steps).forEach(([id, st]: [string, Onramp.StepStatus]) => out.push(id, st));
        l.next.forEach((n: Onramp.NextStepSummary) => out.push(n.step, n.status, ...(n.first ?? []).map((r: Onramp.RouteStep) => d.criteria[r.closes] ?? r.closes)));
      }
    }
    d.household.services.forEach((s: Onramp.ServiceSummary) => out.push(s.id));
    d.next_questions.forEach((q: Onramp.WordedQuestion) => out.push(q.path, q.text, q.type, String(q.settles)));
    d.input_errors.forEach((e: Onramp.InputError) => out.push(e.path));
  } else if (summarized.type === "failure") {
    summarized.errors.forEach((e) => out.push(e.code, e.message));
  }

  // The full decision: every criterion by id, the values read, the parameters in force.
  const options: Onramp.EvaluateOptions = { as_of: "2026-11-23", lang: "es", detail: "full", only: ["adult"] };
  const answer: Onramp.EvaluateAnswer = JSON.parse(rules.evaluate(caseJson, JSON.stringify(options)));
  if (answer.type === "success") {
    const decision = answer.decision;
    if (decision.detail === "full") {
      const d: Onramp.Decision = decision;
      for (const p of d.persons) {
        const result = (id: string): Onramp.CriterionResult | undefined => p.criteria[id] ?? d.household.criteria[id];
        for (const prog of p.programs as Onramp.ProgramDecision[]) {
          const s: Onramp.Status = prog.status;
          out.push(prog.id, s, ...(prog.missing ?? []), prog.priority?.group ?? "", result(prog.priority?.because ?? "")?.status ?? "");
        }
        Object.entries(p.criteria).forEach(([id, c]: [string, Onramp.CriterionResult]) => out.push(id, c.status, ...(c.missing ?? []), c.error ?? ""));
        Object.entries(p.values ?? {}).forEach(([name, v]: [string, Onramp.JsonValue]) => out.push(name, JSON.stringify(v)));
        for (const svc of p.services as Onramp.ServiceDecision[]) out.push(svc.need.status, ...(svc.need.missing ?? []), svc.eligibility?.status ?? "");
        for (const l of p.pathways as Onramp.LadderDecision[]) {
          l.steps.forEach((st: Onramp.StepDecision) => out.push(st.id, st.status, ...(st.missing ?? [])));
          l.next.forEach((n: Onramp.NextStep) => out.push(n.step, ...(n.first ?? []).map((r) => r.closes), ...(n.missing ?? [])));
        }
      }
      d.household.services.forEach((s: Onramp.ServiceDecision) => out.push(s.id));
      d.next_questions.forEach((q: Onramp.Question) => out.push(q.path, q.fact, String(q.person ?? ""), String(q.settles)));
      Object.entries(d.parameters).forEach(([id, u]: [string, Onramp.ParameterUse]) => out.push(id, u.status, u.from ?? ""));
      d.rule_errors.forEach((e: Onramp.RuleError) => out.push(e.message));
    } else {
      const s: Onramp.DecisionSummary = decision;
      out.push(s.detail);
    }
  } else {
    answer.errors.forEach((e) => out.push(e.code, e.message));
  }

  // "Why": one program, service, step or ladder explained in full, when a person asks.
  const explained: Onramp.ExplainAnswer = JSON.parse(rules.explain(caseJson, JSON.stringify(summaryOptions), "adult"));
  if (explained.type === "success") {
    const x: Onramp.Explained = explained.explanation;
    out.push(x.target, x.kind);
    for (const dec of x.decisions as Onramp.ExplainedDecision[]) {
      out.push(String(dec.person ?? "household"), dec.status, ...(dec.missing ?? []));
      const walk = (id: string): void => {
        const e: Onramp.Explanation | undefined = dec.explained[id];
        if (!e) return;
        const t: Onramp.Truth = e.status;
        out.push(id, t, e.text, e.citation ?? "", e.rule, e.expr ?? "", ...(e.values ?? []).map((v: Onramp.UsedValue) => `${v.name}=${JSON.stringify(v.value)}`));
        (e.parameters ?? []).forEach((p) => out.push(p, x.parameters[p]?.source ?? ""));
        (e.children ?? []).forEach(walk);
      };
      dec.criteria.forEach(walk);
    }
  } else {
    explained.errors.forEach((e) => out.push(e.code)); // invalid-target for an unknown id
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
  // An ACCESS NYC payload: the API's shape, with what stays undetermined; a date of birth as a range.
  const anycOptions: Onramp.AccessNycOptions = { as_of: "2026-12-03", interested_programs: ["S2R007"], absent: "unknown" };
  const payload = JSON.stringify([{ household: [{ livingRenting: true }], person: [{ age: 30, householdMemberType: "HeadOfHousehold" }] }]);
  const anyc: Onramp.AccessNycAnswer = JSON.parse(rules.accessNyc(payload, JSON.stringify(anycOptions)));
  if (anyc.type === "SUCCESS") {
    anyc.eligiblePrograms.forEach((p) => out.push(p.code, p.name));
    anyc.onramp.undetermined.forEach((u) => out.push(u.code, ...u.unknown));
    anyc.onramp.next_questions.forEach((q: Onramp.WordedQuestion) => out.push(q.path));
    out.push(anyc.onramp.as_of, anyc.onramp.rules.hash, ...anyc.onramp.not_decided);
  } else if (anyc.type === "failure") {
    anyc.errors.forEach((e) => out.push(e.code, e.message));
    (anyc.errors as Onramp.AccessNycFailure["errors"]).forEach((e) => out.push(e.path ?? ""));
  }
  const ranged: Onramp.CaseInput = { persons: [{ date_of_birth: { between: ["1995-12-04", "1996-12-03"] } }] };
  out.push(rules.evaluate(JSON.stringify(ranged), JSON.stringify({ as_of: "2026-12-03" })));

  // How could I qualify, and what if I earn more: computed locally.
  const qOptions: Onramp.QualifyOptions = { as_of: "2026-12-03", for: "adult", max_changes: 2 };
  const q: Onramp.QualifyAnswer = JSON.parse(rules.qualify(caseJson, JSON.stringify(qOptions)));
  if (q.type === "success") {
    for (const t of q.qualify) {
      out.push(t.target.name, t.status, t.from_date?.date ?? "", ...t.missing, t.search.note ?? "");
      t.paths.forEach((p) => p.changes.forEach((c: Onramp.QualifyChange) => out.push(c.text, c.effort, c.closer?.name ?? "")));
    }
  }
  const sOptions: Onramp.SweepOptions = { as_of: "2026-12-03", wage: { per: "hour", from: "15", to: "35", hours: 35 } };
  const sw: Onramp.SweepAnswer = JSON.parse(rules.sweep(caseJson, JSON.stringify(sOptions)));
  if (sw.type === "success") sw.sweep.items.forEach((i) => i.intervals.forEach((iv) => out.push(i.name, iv.from, iv.to, iv.status)));

  return out;
}
