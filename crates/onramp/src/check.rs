//! Compiling one rule expression: Rhai parses it (strict variables), then this module walks
//! the tree to learn what it reads and to check its types before any case is seen.

use crate::diag::did_you_mean;
use crate::engine::{function_names, FUNCTIONS, T};
use crate::model::{Expression, Fact, FactType, NameRef, Scope, Ty};
use crate::syntax::{offset_in_string, Sink};
use rhai::{Engine, Expr, ParseErrorType, Position, Stmt};
use std::collections::BTreeMap;
use std::ops::Range;

/// What a name in an expression stands for.
#[derive(Clone, Debug)]
pub(crate) struct NameInfo {
    pub r: NameRef,
    pub ty: Ty,
    pub scope: Scope,
}

/// Where an expression sits in its rule file.
pub(crate) struct Site<'a> {
    pub file: &'a str,
    pub text: &'a str,
    /// Byte offset of the expression's first character in the file.
    pub content_start: usize,
    /// The whole string value's span, for errors without a position.
    pub span: Range<usize>,
    pub rule: &'a str,
}

impl Site<'_> {
    fn span_at(&self, pos: Position) -> Range<usize> {
        self.span_len(pos, 1)
    }

    /// The span of `len` bytes at a position inside the expression.
    fn span_len(&self, pos: Position, len: usize) -> Range<usize> {
        match (pos.line(), pos.position()) {
            (Some(line), Some(col)) => self.span_line_col(line, col, len),
            _ => self.span.clone(),
        }
    }

    fn span_line_col(&self, line: usize, col: usize, len: usize) -> Range<usize> {
        let start = offset_in_string(self.text, self.content_start, line, col);
        start..start + len.max(1)
    }

    /// The span of a byte range of the expression's source.
    fn span_of(&self, source: &str, at: &Range<usize>) -> Range<usize> {
        let before = source.get(..at.start).unwrap_or(source);
        let line = before.matches('\n').count() + 1;
        let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        self.span_line_col(line, col, at.len())
    }
}

pub(crate) struct Checker<'a> {
    pub engine: &'a Engine,
    pub names: &'a BTreeMap<String, NameInfo>,
    pub facts: &'a [Fact],
}

struct Walk<'a, 'b> {
    checker: &'b Checker<'a>,
    site: &'b Site<'b>,
    sink: &'b mut Sink,
    reads: Vec<(String, NameRef)>,
    scope: Scope,
    ok: bool,
}

const MAX_EXPRESSION_LEN: usize = 4_000;

impl Checker<'_> {
    /// Compiles `source`, reporting every problem to `sink`. Returns the expression, its type
    /// and the widest scope it reads, or `None` when it has errors.
    pub fn compile(
        &self,
        source: &str,
        site: &Site<'_>,
        visible: Scope,
        sink: &mut Sink,
    ) -> Option<(Expression, Ty, Scope)> {
        if source.trim().is_empty() {
            sink.error(
                site.file,
                site.text,
                site.span.clone(),
                "expr-syntax",
                "the expression is empty".into(),
                Some(site.rule),
                None,
            );
            return None;
        }
        if source.len() > MAX_EXPRESSION_LEN {
            sink.error(
                site.file,
                site.text,
                site.span.clone(),
                "expr-limit",
                format!(
                    "the expression is {} characters long; the limit is {MAX_EXPRESSION_LEN}",
                    source.len()
                ),
                Some(site.rule),
                Some("split it into several criteria or derived facts".into()),
            );
            return None;
        }
        // Forms outside the rule language, found the same way whatever Rhai's features.
        let forbidden = crate::forbidden::scan(source);
        if !forbidden.is_empty() {
            for form in forbidden {
                sink.error(
                    site.file,
                    site.text,
                    site.span_of(source, &form.at),
                    form.code,
                    form.message,
                    Some(site.rule),
                    Some(form.help.into()),
                );
            }
            return None;
        }
        let mut scope = rhai::Scope::new();
        for (name, info) in self.names {
            if info.scope <= visible {
                scope.push_constant_dynamic(name.as_str(), rhai::Dynamic::UNIT);
            }
        }
        let ast = match self.engine.compile_expression_with_scope(&scope, source) {
            Ok(ast) => ast,
            Err(error) => {
                self.report_parse_error(&error, site, visible, sink);
                return None;
            }
        };
        let mut walk = Walk {
            checker: self,
            site,
            sink,
            reads: Vec::new(),
            scope: Scope::Household,
            ok: true,
        };
        let mut ty = None;
        for stmt in ast.statements() {
            ty = match stmt {
                Stmt::Expr(expr) => walk.ty(expr),
                Stmt::FnCall(call, pos) => walk.call(call, *pos),
                other => {
                    walk.unsupported(other.position(), "statements");
                    None
                }
            };
        }
        let scope_read = walk.scope;
        let reads = walk.reads;
        if !walk.ok {
            return None;
        }
        let ty = ty?;
        // Every shape the checker accepts lowers; this guards the two staying in step.
        let Some(op) = crate::lower::lower(&ast, &reads) else {
            sink.error(
                site.file,
                site.text,
                site.span.clone(),
                "unsupported-syntax",
                "this expression uses a form the kernel cannot run".into(),
                Some(site.rule),
                Some("use comparisons, `&&`, `||`, `!` and the kernel's functions".into()),
            );
            return None;
        };
        Some((
            Expression {
                source: source.to_string(),
                #[cfg(feature = "rhai-oracle")]
                ast,
                reads,
                op,
            },
            ty,
            scope_read,
        ))
    }

    fn report_parse_error(
        &self,
        error: &rhai::ParseError,
        site: &Site<'_>,
        visible: Scope,
        sink: &mut Sink,
    ) {
        let span = site.span_at(error.1);
        match &*error.0 {
            ParseErrorType::VariableUndefined(name) => {
                let span = site.span_len(error.1, name.len());
                if let Some(info) = self.names.get(name.as_str()) {
                    sink.error(site.file, site.text, span, "scope-mismatch",
                        format!("`{name}` is a {} fact, which {} rules cannot read", info.scope.name(), visible.name()),
                        Some(site.rule),
                        Some("read it through a household derived fact that aggregates over persons (`aggregate = \"any\"`)".into()));
                } else {
                    let candidates = self
                        .names
                        .iter()
                        .filter(|(_, i)| i.scope <= visible)
                        .map(|(n, _)| n.as_str());
                    sink.error(
                        site.file,
                        site.text,
                        span,
                        "unknown-fact",
                        format!(
                            "`{name}` is not a fact, derived fact or parameter of this rule set"
                        ),
                        Some(site.rule),
                        did_you_mean(name, candidates),
                    );
                }
            }
            ParseErrorType::ExprTooDeep | ParseErrorType::LiteralTooLarge(..) => {
                sink.error(
                    site.file,
                    site.text,
                    span,
                    "expr-limit",
                    format!("the expression is too complex: {}", error.0),
                    Some(site.rule),
                    Some("split it into several criteria or derived facts".into()),
                );
            }
            other => {
                sink.error(
                    site.file,
                    site.text,
                    span,
                    "expr-syntax",
                    format!("this expression does not parse: {other}"),
                    Some(site.rule),
                    Some("expressions compare facts, e.g. `age >= 18 && is_resident`".into()),
                );
            }
        }
    }
}

fn kind_of(ty: &Ty) -> Option<T> {
    Some(match ty {
        Ty::Bool => T::Bool,
        Ty::Int => T::Int,
        Ty::Money => T::Money,
        Ty::Date => T::Date,
        Ty::Percent => T::Percent,
        Ty::Text(_) => T::Text,
        Ty::TextList(_) => T::TextList,
        Ty::Records(_) => T::Records,
        Ty::MoneyTable | Ty::Periods => return None,
    })
}

fn ty_of_kind(kind: T, hint: Option<&Ty>) -> Ty {
    match kind {
        T::Bool => Ty::Bool,
        T::Int => Ty::Int,
        T::Money => Ty::Money,
        T::Date => Ty::Date,
        T::Percent => Ty::Percent,
        T::Text => Ty::Text(None),
        T::TextList => Ty::TextList(None),
        T::Records => match hint {
            Some(Ty::Records(f)) => Ty::Records(*f),
            _ => Ty::Records(usize::MAX),
        },
    }
}

fn kind_name(kind: T) -> &'static str {
    match kind {
        T::Bool => "true/false",
        T::Int => "number",
        T::Money => "money",
        T::Date => "date",
        T::Percent => "percentage",
        T::Text => "text",
        T::TextList => "list",
        T::Records => "records",
    }
}

impl Walk<'_, '_> {
    fn error(&mut self, pos: Position, code: &'static str, message: String, help: Option<String>) {
        self.ok = false;
        let span = self.site.span_at(pos);
        self.sink.error(
            self.site.file,
            self.site.text,
            span,
            code,
            message,
            Some(self.site.rule),
            help,
        );
    }

    fn unsupported(&mut self, pos: Position, what: &str) {
        self.error(pos, "unsupported-syntax",
            format!("{what} are not allowed in rule expressions"),
            Some("use comparisons, `&&`, `||`, `!` and the kernel's functions; write `f(x)`, not `x.f()`".into()));
    }

    fn ty(&mut self, expr: &Expr) -> Option<Ty> {
        match expr {
            Expr::BoolConstant(..) => Some(Ty::Bool),
            Expr::IntegerConstant(..) => Some(Ty::Int),
            Expr::StringConstant(..) => Some(Ty::Text(None)),
            Expr::Array(items, pos) => {
                for item in items.iter() {
                    if !matches!(item, Expr::StringConstant(..)) {
                        self.error(
                            item.position(),
                            "type-mismatch",
                            "a list in an expression may only hold quoted values".into(),
                            None,
                        );
                        return None;
                    }
                }
                let _ = pos;
                Some(Ty::TextList(None))
            }
            Expr::Variable(x, _, pos) => {
                let name = x.1.as_str();
                let Some(info) = self.checker.names.get(name) else {
                    self.error(
                        *pos,
                        "unknown-fact",
                        format!("`{name}` is not a fact, derived fact or parameter"),
                        None,
                    );
                    return None;
                };
                if !self.reads.iter().any(|(n, _)| n == name) {
                    self.reads.push((name.to_string(), info.r));
                }
                self.scope = self.scope.max(info.scope);
                if info.ty == Ty::Periods {
                    self.error(
                        *pos,
                        "type-mismatch",
                        format!("`{name}` is an income conversion; use it through `annual_amount`"),
                        None,
                    );
                    return None;
                }
                Some(info.ty.clone())
            }
            Expr::FnCall(call, pos) => self.call(call, *pos),
            Expr::And(items, _) | Expr::Or(items, _) => {
                let mut ok = true;
                for item in items.iter() {
                    match self.ty(item) {
                        Some(Ty::Bool) => {}
                        Some(other) => {
                            self.error(
                                item.position(),
                                "type-mismatch",
                                format!(
                                    "`&&` and `||` join true/false values, but this is {}",
                                    other.describe()
                                ),
                                None,
                            );
                            ok = false;
                        }
                        None => ok = false,
                    }
                }
                ok.then_some(Ty::Bool)
            }
            Expr::Index(bin, _, pos) => {
                let lhs = self.ty(&bin.lhs)?;
                let rhs = self.ty(&bin.rhs)?;
                match (&lhs, &rhs) {
                    (Ty::MoneyTable, Ty::Int) => Some(Ty::Money),
                    (Ty::MoneyTable, other) => {
                        self.error(
                            *pos,
                            "type-mismatch",
                            format!(
                                "a table by household size is looked up with a number, not {}",
                                other.describe()
                            ),
                            None,
                        );
                        None
                    }
                    (other, _) => {
                        self.error(
                            *pos,
                            "type-mismatch",
                            format!(
                                "only tables by household size can be indexed with `[...]`, not {}",
                                other.describe()
                            ),
                            None,
                        );
                        None
                    }
                }
            }
            Expr::Dot(_, _, pos) => {
                self.unsupported(*pos, "method calls and properties");
                None
            }
            Expr::MethodCall(_, pos) | Expr::Property(_, pos) => {
                self.unsupported(*pos, "method calls and properties");
                None
            }
            Expr::CharConstant(_, pos) => {
                self.unsupported(*pos, "character literals");
                None
            }
            Expr::InterpolatedString(_, pos) => {
                self.unsupported(*pos, "interpolated strings");
                None
            }
            Expr::Coalesce(_, pos) => {
                self.unsupported(*pos, "`??` operators");
                None
            }
            other => {
                self.unsupported(
                    other.position(),
                    "blocks, statements and this kind of expression",
                );
                None
            }
        }
    }

    /// If `expr` is a string literal or a list of them, the literals with their positions.
    fn literals(expr: &Expr) -> Vec<(String, Position)> {
        match expr {
            Expr::StringConstant(s, pos) => vec![(s.to_string(), *pos)],
            Expr::Array(items, _) => items
                .iter()
                .filter_map(|i| match i {
                    Expr::StringConstant(s, pos) => Some((s.to_string(), *pos)),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        }
    }

    /// Checks quoted values against the allowed values of the enum they are compared with.
    fn check_values(&mut self, allowed_from: &Ty, literal_expr: &Expr) {
        let (fact, field) = match allowed_from {
            Ty::Text(Some(f)) | Ty::TextList(Some(f)) => (*f, None),
            Ty::Records(f) => (*f, Some("type")),
            _ => return,
        };
        let Some(fact) = self.checker.facts.get(fact) else {
            return;
        };
        let values: Vec<String> = match (&fact.ty, field) {
            (FactType::Enum { values } | FactType::List { values }, None) => values.clone(),
            (FactType::Records { fields }, Some(field)) => {
                match fields.iter().find(|f| f.name == field).map(|f| &f.ty) {
                    Some(FactType::Enum { values }) => values.clone(),
                    _ => return,
                }
            }
            _ => return,
        };
        for (literal, pos) in Self::literals(literal_expr) {
            if !values.contains(&literal) {
                let help =
                    did_you_mean(&literal, values.iter().map(String::as_str)).or_else(|| {
                        Some(format!(
                            "the values of `{}` are: {}",
                            fact.id,
                            values.join(", ")
                        ))
                    });
                self.error(
                    pos,
                    "unknown-value",
                    format!("`{literal}` is not a value of `{}`", fact.id),
                    help,
                );
            }
        }
    }

    fn call(&mut self, call: &rhai::FnCallExpr, pos: Position) -> Option<Ty> {
        let name = call.name.as_str();
        let mut args = Vec::with_capacity(call.args.len());
        for arg in call.args.iter() {
            args.push(self.ty(arg));
        }
        if args.iter().any(Option::is_none) {
            return None;
        }
        let args: Vec<Ty> = args.into_iter().flatten().collect();
        let is_operator = call.op_token.is_some();
        match (name, args.as_slice()) {
            ("==" | "!=", [a, b]) => {
                if !a.same_kind(b) || matches!(a, Ty::Records(_) | Ty::MoneyTable | Ty::TextList(_))
                {
                    self.error(
                        pos,
                        "type-mismatch",
                        format!(
                            "`{name}` cannot compare {} with {}",
                            a.describe(),
                            b.describe()
                        ),
                        money_help(a, b),
                    );
                    return None;
                }
                self.check_values(a, &call.args[1]);
                self.check_values(b, &call.args[0]);
                Some(Ty::Bool)
            }
            ("<" | "<=" | ">" | ">=", [a, b]) => {
                let orderable = matches!(a, Ty::Int | Ty::Money | Ty::Date | Ty::Percent);
                if !a.same_kind(b) || !orderable {
                    self.error(
                        pos,
                        "type-mismatch",
                        format!(
                            "`{name}` cannot compare {} with {}",
                            a.describe(),
                            b.describe()
                        ),
                        money_help(a, b),
                    );
                    return None;
                }
                Some(Ty::Bool)
            }
            ("+" | "-", [a, b]) if is_operator => match (a, b) {
                (Ty::Int, Ty::Int) => Some(Ty::Int),
                (Ty::Money, Ty::Money) => Some(Ty::Money),
                _ => {
                    self.error(
                        pos,
                        "type-mismatch",
                        format!(
                            "`{name}` cannot combine {} with {}",
                            a.describe(),
                            b.describe()
                        ),
                        money_help(a, b),
                    );
                    None
                }
            },
            ("-", [a]) if is_operator => match a {
                Ty::Int | Ty::Money => Some(a.clone()),
                _ => {
                    self.error(
                        pos,
                        "type-mismatch",
                        format!("`-` cannot negate {}", a.describe()),
                        None,
                    );
                    None
                }
            },
            ("*", [a, b]) if is_operator => match (a, b) {
                (Ty::Int, Ty::Int) => Some(Ty::Int),
                (Ty::Money, Ty::Int) | (Ty::Int, Ty::Money) => Some(Ty::Money),
                _ => {
                    self.error(
                        pos,
                        "type-mismatch",
                        format!("`*` cannot multiply {} by {}", a.describe(), b.describe()),
                        None,
                    );
                    None
                }
            },
            ("/" | "%", [a, b]) if is_operator => match (a, b) {
                (Ty::Int, Ty::Int) => Some(Ty::Int),
                _ => {
                    self.error(
                        pos,
                        "type-mismatch",
                        format!(
                            "`{name}` works on whole numbers only, not {} and {}",
                            a.describe(),
                            b.describe()
                        ),
                        Some("for money use `percent_of` or compare with `within_percent`".into()),
                    );
                    None
                }
            },
            ("!", [a]) if is_operator => {
                if *a != Ty::Bool {
                    self.error(
                        pos,
                        "type-mismatch",
                        format!("`!` negates true/false, not {}", a.describe()),
                        None,
                    );
                    return None;
                }
                Some(Ty::Bool)
            }
            _ if is_operator && name != "contains" => {
                self.error(
                    pos,
                    "unsupported-syntax",
                    format!("the operator `{name}` is not available in rule expressions"),
                    None,
                );
                None
            }
            _ => self.function(name, &args, call, pos),
        }
    }

    fn function(
        &mut self,
        name: &str,
        args: &[Ty],
        call: &rhai::FnCallExpr,
        pos: Position,
    ) -> Option<Ty> {
        let candidates: Vec<_> = FUNCTIONS.iter().filter(|s| s.name == name).collect();
        if candidates.is_empty() {
            self.ok = false;
            let span = self.site.span_len(pos, name.len());
            let help = did_you_mean(name, function_names());
            let message = format!("`{name}` is not a function of the rule language");
            self.sink.error(
                self.site.file,
                self.site.text,
                span,
                "unknown-function",
                message,
                Some(self.site.rule),
                help,
            );
            return None;
        }
        let kinds: Vec<Option<T>> = args.iter().map(kind_of).collect();
        for sig in &candidates {
            if sig.args.len() == kinds.len()
                && sig
                    .args
                    .iter()
                    .zip(&kinds)
                    .all(|(want, got)| Some(*want) == *got)
            {
                // Quoted values passed along with an enum list or records are checked too.
                if let (Some(first), Some(second)) = (args.first(), call.args.get(1)) {
                    if matches!(first, Ty::TextList(Some(_)))
                        || (matches!(first, Ty::Records(_)) && name != "where_field")
                    {
                        self.check_values(first, second);
                    }
                }
                return Some(ty_of_kind(sig.ret, args.first()));
            }
        }
        let forms: Vec<String> = candidates
            .iter()
            .map(|s| {
                format!(
                    "`{}({})`",
                    s.name,
                    s.args
                        .iter()
                        .map(|a| kind_name(*a))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            })
            .collect();
        let given: Vec<&str> = args.iter().map(Ty::describe).collect();
        self.error(
            pos,
            "type-mismatch",
            format!(
                "`{name}` was given {}",
                if given.is_empty() {
                    "nothing".to_string()
                } else {
                    given.join(", ")
                }
            ),
            Some(format!("it takes {}", forms.join(" or "))),
        );
        None
    }
}

fn money_help(a: &Ty, b: &Ty) -> Option<String> {
    match (a, b) {
        (Ty::Money, Ty::Int) | (Ty::Int, Ty::Money) => Some("write amounts of money as `dollars(1234)` or `cents(123456)`".into()),
        (Ty::Percent, Ty::Int) | (Ty::Int, Ty::Percent) => Some("write percentages as `percent(130)`".into()),
        (Ty::Date, Ty::Int) | (Ty::Int, Ty::Date) => Some("compare a date with a date, e.g. `date(1960, 1, 1)`, or compute a number with `years_between`".into()),
        _ => None,
    }
}
