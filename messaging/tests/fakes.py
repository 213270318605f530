"""A local fake of Twilio's Messages API that checks each request as Twilio documents it:
POST /2010-04-01/Accounts/{AccountSid}/Messages.json, HTTP Basic auth (SID:token), a form
body with To, From and Body. It answers as Twilio does (201 with the message resource, or an
error object {code, message, more_info, status})."""

import base64
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

SID = "AC0123456789abcdef0123456789abcdef"
TOKEN = "secret-token"


class FakeTwilio:
    def __init__(self, port: int):
        self.requests: list[dict] = []
        self.answers: list[tuple[int, dict] | str] = []  # queued answers; "hang" sleeps
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                raw = self.rfile.read(length).decode()
                fake.requests.append(
                    {
                        "path": self.path,
                        "authorization": self.headers.get("Authorization", ""),
                        "content_type": self.headers.get("Content-Type", ""),
                        "form": {k: v[0] for k, v in parse_qs(raw).items()},
                    }
                )
                expected_auth = "Basic " + base64.b64encode(f"{SID}:{TOKEN}".encode()).decode()
                if self.headers.get("Authorization") != expected_auth:
                    return self._answer(401, {"code": 20003, "message": "Authenticate", "status": 401})
                if self.path != f"/2010-04-01/Accounts/{SID}/Messages.json":
                    return self._answer(404, {"code": 20404, "message": "Not found", "status": 404})
                answer = fake.answers.pop(0) if fake.answers else None
                if answer == "hang":
                    time.sleep(3)
                    answer = None
                if answer is None:
                    form = fake.requests[-1]["form"]
                    sid = f"SM{len(fake.requests):032d}"
                    answer = (201, {"sid": sid, "to": form.get("To"), "from": form.get("From"), "status": "queued"})
                self._answer(*answer)

            def _answer(self, status, body):
                payload = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.base = f"http://127.0.0.1:{port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
