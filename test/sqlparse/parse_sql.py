"""Parse every statement of every .sql file under a directory with sqlglot's Snowflake dialect.

A statement fails when sqlglot raises, or when it falls back to an opaque exp.Command (it does not
know the statement). allowlist.tsv lists the statements that may do so: file glob, a regular
expression the statement must match, and the reason. Exit 1 on any failure or unused allow entry.
"""
import fnmatch
import logging
import re
import sys
from pathlib import Path

import sqlglot
from sqlglot import exp

logging.getLogger("sqlglot").setLevel(logging.ERROR)


def split_statements(text):
    """Split at top-level semicolons; knows '..' strings, ".." identifiers, $$..$$, comments."""
    statements, start, i, n = [], None, 0, len(text)
    while i < n:
        ch, nxt = text[i], text[i + 1] if i + 1 < n else ""
        if (ch == "-" and nxt == "-") or (ch == "/" and nxt == "/"):
            j = text.find("\n", i)
            i = n if j < 0 else j
            continue
        if ch == "/" and nxt == "*":
            j = text.find("*/", i + 2)
            i = n if j < 0 else j + 2
            continue
        if ch.isspace():
            i += 1
            continue
        if ch == ";":
            if start is not None:
                statements.append((start, text[start:i].strip()))
            start = None
            i += 1
            continue
        if start is None:
            start = i
        if ch == "'":
            j = i + 1
            while j < n:
                if text[j] == "\\":
                    j += 2
                elif text[j] == "'" and j + 1 < n and text[j + 1] == "'":
                    j += 2
                elif text[j] == "'":
                    break
                else:
                    j += 1
            i = j + 1
        elif ch == '"':
            j = text.find('"', i + 1)
            i = n if j < 0 else j + 1
        elif ch == "$" and nxt == "$":
            j = text.find("$$", i + 2)
            i = n if j < 0 else j + 2
        else:
            i += 1
    if start is not None and text[start:].strip():
        statements.append((start, text[start:].strip()))
    return [(text.count("\n", 0, pos) + 1, stmt) for pos, stmt in statements]


def task_body(statement):
    """The AS body of a CREATE TASK (sqlglot has no CREATE TASK, but it can check the body)."""
    if not re.match(r"^CREATE\s+(OR\s+REPLACE\s+)?TASK\b", statement, re.I):
        return None
    depth, i, n = 0, 0, len(statement)
    while i < n:
        ch = statement[i]
        if ch == "'":
            j = i + 1
            while j < n and not (statement[j] == "'" and (j + 1 >= n or statement[j + 1] != "'")):
                j += 2 if statement[j] == "'" else 1
            i = j + 1
            continue
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif depth == 0 and re.match(r"\bAS\b", statement[i:i + 3], re.I) and (i == 0 or not (statement[i - 1].isalnum() or statement[i - 1] in "_$")):
            return statement[i + 2:].strip()
        i += 1
    return None


SCRIPTING_PREFIX = re.compile(r"^(--[^\n]*\n|FOR\s+\w+\s+IN\s+.*?\s+DO\b|IF\s*\(.*?\)\s*THEN\b|ELSE\b|END\s+(FOR|IF)\b)\s*", re.I | re.S)
SQL_START = re.compile(r"^(SELECT|WITH|INSERT|UPDATE|DELETE|MERGE|CREATE|DROP|ALTER|CALL)\b", re.I)


def block_statements(statement):
    """The SQL statements inside an EXECUTE IMMEDIATE $$ ... $$ Snowflake Scripting block (sqlglot
    has no Snowflake Scripting, but it can check the SQL the block runs). Control flow (FOR, IF),
    assignments, RETURN / RAISE and SELECT ... INTO :variable are scripting, not SQL: left out."""
    match = re.match(r"^EXECUTE\s+IMMEDIATE\s+\$\$(.*)\$\$$", statement, re.I | re.S)
    if not match:
        return []
    body = re.search(r"\bBEGIN\b(.*)\bEND\s*;?\s*$", match.group(1), re.I | re.S)
    if not body:
        return []
    found = []
    for line, piece in split_statements(body.group(1)):
        while SCRIPTING_PREFIX.match(piece):
            piece = SCRIPTING_PREFIX.sub("", piece, count=1).strip()
        if SQL_START.match(piece) and not re.search(r"\bINTO\s+:", piece, re.I):
            found.append(piece)
    return found


def load_allowlist(path):
    entries = []
    for line in Path(path).read_text().splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 3 or not parts[2].strip():
            raise SystemExit(f"allowlist.tsv: every line is <file glob> TAB <regex> TAB <reason>: {line!r}")
        entries.append({"glob": parts[0], "regex": re.compile(parts[1], re.I | re.S), "reason": parts[2], "used": 0})
    return entries


def main():
    root, allow_path = Path(sys.argv[1]), sys.argv[2]
    allow = load_allowlist(allow_path)
    failures, parsed, allowed = [], 0, 0
    files = sorted(root.rglob("*.sql"))
    for file in files:
        rel = file.relative_to(root.parent).as_posix()
        pending = list(split_statements(file.read_text()))
        bodies = [(line, body) for line, stmt in pending for body in [task_body(stmt)] if body]
        bodies += [(line, inner) for line, stmt in pending for inner in block_statements(stmt)]
        for line, body in bodies:
            pending.append((line, body))
        for line, statement in pending:
            problem = None
            try:
                expressions = sqlglot.parse(statement, read="snowflake")
                if any(isinstance(e, exp.Command) for e in expressions if e is not None):
                    problem = "sqlglot does not know this statement (parsed as an opaque command)"
            except Exception as err:  # sqlglot's ParseError / TokenError
                problem = str(err).splitlines()[0][:300]
            if problem is None:
                parsed += 1
                continue
            entry = next((e for e in allow if fnmatch.fnmatch(rel, e["glob"]) and e["regex"].search(statement)), None)
            if entry:
                entry["used"] += 1
                allowed += 1
                continue
            head = " ".join(statement.split())[:100]
            failures.append(f"{rel}:{line}: {problem}\n    {head}")
    unused = [e for e in allow if e["used"] == 0]
    for failure in failures:
        print(f"FAIL {failure}")
    for entry in unused:
        print(f"FAIL allowlist.tsv: unused entry {entry['glob']} /{entry['regex'].pattern}/ (remove it)")
    print(f"sqlglot {sqlglot.__version__} (snowflake): {len(files)} files, {parsed} statements parsed, {allowed} allow-listed, {len(failures)} failed")
    sys.exit(1 if failures or unused else 0)


if __name__ == "__main__":
    main()
