#!/usr/bin/env python3
"""Sermonflow's command-line client: talks to a running node's HTTP API with an API token.

  SERMONFLOW_URL    the node, e.g. https://sermons.example.org (default http://127.0.0.1:8080)
  SERMONFLOW_TOKEN  an API token (console -> Users -> tokens, or POST /api/tokens)

Readable tables by default; --json prints the API's own JSON. A refused request prints the
server's problem (title and detail) and exits 1; nothing here prints a stack trace.
Standard library only, so it runs wherever python3 does.
"""
import json
import os
import sys
import urllib.error
import urllib.parse
import urllib.request
import uuid

USAGE = """usage: ./sermonflow COMMAND [--json]
  trigger DAG [--data JSON]            start a run of DAG with event data
  runs [--dag DAG] [--status S] [--limit N]
  run RUN_ID                           a run with its tasks
  retry RUN_ID | cancel RUN_ID
  dlq                                  the dead letters
  dlq redrive MESSAGE_ID... | dlq redrive --all
  backfill DAG --items JSON|@FILE --rate PER_MINUTE
  backfill status ID | backfill cancel ID
  sermons [--status S]
  upload FILE --title T --preacher P --date YYYY-MM-DD [--series S] [--language L]
environment: SERMONFLOW_URL (default http://127.0.0.1:8080), SERMONFLOW_TOKEN (required)"""


class Problem(Exception):
    pass


def options(args, names, flags=()):
    """Splits args into positionals and --name value options (and bare --flags)."""
    found, rest = {}, []
    i = 0
    while i < len(args):
        arg = args[i]
        if arg.startswith("--") and arg[2:] in flags:
            found[arg[2:]] = True
        elif arg.startswith("--") and arg[2:] in names:
            if i + 1 >= len(args):
                raise Problem(f"{arg} needs a value")
            found[arg[2:]] = args[i + 1]
            i += 1
        elif arg.startswith("--"):
            raise Problem(f"unknown option {arg}\n{USAGE}")
        else:
            rest.append(arg)
        i += 1
    return rest, found


class Client:
    def __init__(self):
        self.base = os.environ.get("SERMONFLOW_URL", "http://127.0.0.1:8080").rstrip("/")
        self.token = os.environ.get("SERMONFLOW_TOKEN", "")
        if not self.token:
            raise Problem("SERMONFLOW_TOKEN is not set: create an API token in the console (Users) "
                          "or with POST /api/tokens, then export SERMONFLOW_TOKEN=<token>")

    def call(self, method, path, body=None, content_type="application/json"):
        data = None
        if body is not None:
            data = body if isinstance(body, bytes) else json.dumps(body).encode()
        request = urllib.request.Request(self.base + path, data=data, method=method)
        request.add_header("Authorization", "Bearer " + self.token)
        request.add_header("Accept", "application/json, application/problem+json")
        if data is not None:
            request.add_header("Content-Type", content_type)
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                text = response.read().decode()
                return json.loads(text) if text else {}
        except urllib.error.HTTPError as error:
            raise Problem(problem_text(error)) from None
        except urllib.error.URLError as error:
            raise Problem(f"cannot reach {self.base} ({error.reason}); is SERMONFLOW_URL right and the node up?") from None


def problem_text(error):
    raw = error.read().decode(errors="replace")
    try:
        problem = json.loads(raw)
        title = problem.get("title") or error.reason
        detail = problem.get("detail")
        return f"{error.code} {title}: {detail}" if detail else f"{error.code} {title}"
    except ValueError:
        return f"{error.code} {error.reason}"


def table(rows, columns):
    """Prints rows (dicts) as aligned columns: (header, key or function)."""
    cells = [[h for h, _ in columns]]
    for row in rows:
        cells.append([text(get(row)) for _, get in columns])
    widths = [max(len(line[i]) for line in cells) for i in range(len(columns))]
    for line in cells:
        print("  ".join(c.ljust(w) for c, w in zip(line, widths)).rstrip())


def text(value):
    if value is None:
        return "-"
    value = str(value).replace("\n", " ")
    return value if len(value) <= 60 else value[:57] + "..."


def key(name):
    return lambda row: row.get(name)


def error_of(row):
    error = row.get("error")
    if isinstance(error, dict):
        return error.get("message")
    return error or row.get("waitingReason")


def json_arg(value, what):
    if value.startswith("@"):
        try:
            with open(value[1:], encoding="utf-8") as file:
                value = file.read()
        except OSError as ex:
            raise Problem(f"cannot read {what} from {value[1:]}: {ex.strerror}") from None
    try:
        return json.loads(value)
    except ValueError as ex:
        raise Problem(f"{what} is not JSON: {ex}") from None


def multipart(fields, file_path):
    boundary = "sermonflow-" + uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    try:
        with open(file_path, "rb") as file:
            content = file.read()
    except OSError as ex:
        raise Problem(f"cannot read {file_path}: {ex.strerror}") from None
    filename = os.path.basename(file_path).replace('"', "")
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
                 f"Content-Type: application/octet-stream\r\n\r\n".encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), "multipart/form-data; boundary=" + boundary


RUN_COLUMNS = [("RUN", key("runId")), ("DAG", key("dag")), ("STATUS", key("status")),
               ("ATTEMPT", key("attempt")), ("CREATED", key("createdAt")), ("WHY", error_of)]


def main(argv):
    if "--help" in argv or "-h" in argv:
        print(USAGE)
        return 0
    as_json = "--json" in argv
    argv = [a for a in argv if a != "--json"]
    if not argv or argv[0] in ("-h", "--help", "help"):
        print(USAGE)
        return 0 if argv else 2
    command, args = argv[0], argv[1:]
    client = Client()

    def show(result, printer):
        if as_json:
            print(json.dumps(result, indent=2))
        else:
            printer(result)

    if command == "trigger":
        rest, opts = options(args, {"data"})
        if len(rest) != 1:
            raise Problem("usage: trigger DAG [--data JSON]")
        data = json_arg(opts["data"], "--data") if "data" in opts else {}
        result = client.call("POST", f"/api/dags/{urllib.parse.quote(rest[0], safe='')}/runs", {"data": data})
        show(result, lambda r: print(r["runId"]))
    elif command == "runs":
        rest, opts = options(args, {"dag", "status", "limit"})
        query = urllib.parse.urlencode({k: v for k, v in opts.items()})
        result = client.call("GET", "/api/runs" + (f"?{query}" if query else ""))
        show(result, lambda r: table(r, RUN_COLUMNS))
    elif command == "run":
        if len(args) != 1:
            raise Problem("usage: run RUN_ID")
        result = client.call("GET", f"/api/runs/{urllib.parse.quote(args[0], safe='')}")

        def print_run(run):
            table([run], RUN_COLUMNS)
            print()
            table(run.get("tasks", []), [("TASK", key("id")), ("STATUS", key("status")), ("ATTEMPTS", key("attempts")),
                                         ("STARTED", key("startedAt")), ("ENDED", key("endedAt")), ("ERROR", error_of)])
        show(result, print_run)
    elif command in ("retry", "cancel"):
        if len(args) != 1:
            raise Problem(f"usage: {command} RUN_ID")
        result = client.call("POST", f"/api/runs/{urllib.parse.quote(args[0], safe='')}/{command}")
        show(result, lambda r: print(f"{args[0]}: {r.get('status', 'requested')}"))
    elif command == "dlq":
        if not args:
            result = client.call("GET", "/api/dlq")
            show(result, lambda r: table(r, [("MESSAGE", key("messageId")), ("RECEIVES", key("receiveCount")),
                                             ("SENT", key("sentAt")), ("ERROR", key("error"))]))
        elif args[0] == "redrive":
            rest, opts = options(args[1:], set(), {"all"})
            if not rest and not opts.get("all"):
                raise Problem("usage: dlq redrive MESSAGE_ID... | dlq redrive --all")
            result = client.call("POST", "/api/dlq/redrive", {"messageIds": [] if opts.get("all") else rest})
            show(result, lambda r: print(f"redriven: {len(r.get('redriven', []))}"))
        else:
            raise Problem("usage: dlq | dlq redrive MESSAGE_ID... | dlq redrive --all")
    elif command == "backfill":
        if args[:1] in (["status"], ["cancel"]):
            if len(args) != 2:
                raise Problem(f"usage: backfill {args[0]} ID")
            path = f"/api/backfills/{urllib.parse.quote(args[1], safe='')}"
            result = client.call("POST", path + "/cancel") if args[0] == "cancel" else client.call("GET", path)
            show(result, lambda r: print("\n".join(f"{k}: {text(v)}" for k, v in r.items())))
        else:
            rest, opts = options(args, {"items", "rate"})
            if len(rest) != 1 or "items" not in opts or "rate" not in opts:
                raise Problem("usage: backfill DAG --items JSON|@FILE --rate PER_MINUTE")
            body = {"items": json_arg(opts["items"], "--items"),
                    "ratePerMinute": int(opts["rate"]) if opts["rate"].isdigit() else opts["rate"]}
            result = client.call("POST", f"/api/dags/{urllib.parse.quote(rest[0], safe='')}/backfill", body)
            show(result, lambda r: print(f"backfill {r['backfillId']}: {r['runs']} runs"))
    elif command == "sermons":
        rest, opts = options(args, {"status"})
        query = urllib.parse.urlencode(opts)
        result = client.call("GET", "/api/sermons" + (f"?{query}" if query else ""))
        show(result, lambda r: table(r, [("SERMON", key("id")), ("TITLE", key("title")), ("PREACHER", key("preacher")),
                                         ("DATE", key("preachedOn")), ("STATUS", key("status")),
                                         ("ERROR", key("error"))]))
    elif command == "upload":
        rest, opts = options(args, {"title", "preacher", "date", "series", "language", "church"})
        if len(rest) != 1 or not {"title", "preacher", "date"} <= opts.keys():
            raise Problem("usage: upload FILE --title T --preacher P --date YYYY-MM-DD [--series S] [--language L]")
        fields = {"title": opts["title"], "preacher": opts["preacher"], "preachedOn": opts["date"]}
        for option, field in (("series", "series"), ("language", "language"), ("church", "churchId")):
            if option in opts:
                fields[field] = opts[option]
        body, content_type = multipart(fields, rest[0])
        result = client.call("POST", "/api/sermons", body, content_type)
        show(result, lambda r: print(f"sermon {r['sermonId']} (event {r['eventId']})"))
    else:
        raise Problem(f"unknown command {command}\n{USAGE}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except Problem as problem:
        print(f"error: {problem}", file=sys.stderr)
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
