"""HTTP client of .ci/prod-smoke.sh: drives the production stack like a browser would.

Standard library only; cookies handled by hand because the production cookies are Secure
(the proxy's HTTPS is simulated with X-Forwarded-Proto) and http.cookiejar would hold them back.
Usage: prod_smoke_client.py BASE_URL PREP_JSON [SECOND_SERVER_URL]
With a second app server (same database), the session and the stale-version check are
exercised across the two.
"""

from __future__ import annotations

import gzip
import http.client
import json
import re
import sys
import time
import urllib.parse
import uuid

BASE, PREP = sys.argv[1].rstrip("/"), json.loads(sys.argv[2])
SECOND = sys.argv[3].rstrip("/") if len(sys.argv) > 3 else ""
PREFIX = urllib.parse.urlsplit(BASE).path  # e.g. /tiepcan
PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


class Browser:
    def __init__(self, base: str = "") -> None:
        self.base = base or BASE
        self.cookies: dict[str, str] = {}
        self.cookie_paths: dict[str, str] = {}

    def request(
        self, method: str, path: str, body: bytes | None = None, headers: dict | None = None
    ) -> tuple[int, dict, bytes]:
        full = path if PREFIX and path.startswith(PREFIX + "/") else PREFIX + path
        url = urllib.parse.urlsplit(urllib.parse.urljoin(self.base, full))
        conn = http.client.HTTPConnection(url.hostname, url.port, timeout=120)
        sent = {
            "X-Forwarded-Proto": "https",
            "Host": url.netloc,
            "Referer": f"https://{url.netloc}{PREFIX}/",
            **(headers or {}),
        }
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if method == "POST":
            # The origin of the server this browser talks to (CSRF compares it with Host).
            sent.setdefault("Origin", f"https://{url.netloc}")
            sent["X-CSRFToken"] = self.cookies.get("csrftoken", "")
        conn.request(method, url.path + (f"?{url.query}" if url.query else ""), body=body, headers=sent)
        response = conn.getresponse()
        data = response.read()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";", 1)[0]
                path_match = re.search(r"Path=([^;]+)", value, re.I)
                self.cookie_paths[key] = path_match.group(1) if path_match else "/"
        head = {k.lower(): v for k, v in response.getheaders()}
        conn.close()
        return response.status, head, data

    def form(self, path: str, fields: dict[str, str], headers: dict | None = None) -> tuple[int, dict, bytes]:
        fields = {"csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), **fields}
        body = urllib.parse.urlencode(fields).encode()
        return self.request(
            "POST", path, body, {"Content-Type": "application/x-www-form-urlencoded", **(headers or {})}
        )

    def multipart(
        self, path: str, fields: dict[str, str], files: dict[str, tuple[str, bytes]]
    ) -> tuple[int, dict, bytes]:
        boundary = uuid.uuid4().hex
        parts = []
        for key, value in {"csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), **fields}.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
            )
        for key, (name, data) in files.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"; filename="{name}"\r\n'
                f"Content-Type: application/pdf\r\n\r\n".encode()
                + data
                + b"\r\n"
            )
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        return self.request("POST", path, body, {"Content-Type": f"multipart/form-data; boundary={boundary}"})

    def sign_in(self, username: str, password: str) -> None:
        status, _, html = self.request("GET", "/dang-nhap/")
        assert status == 200, status
        assert f'href="{PREFIX}/static/' in html.decode(), "static files are linked under the sub-path"
        status, _, _ = self.form("/dang-nhap/", {"username": username, "password": password})
        assert status == 302, f"sign-in of {username} answered {status}"
        assert "sessionid" in self.cookies and self.cookie_paths["sessionid"] == PREFIX + "/", (
            self.cookie_paths
        )


def step(name: str, started: list[float]) -> None:
    now = time.perf_counter()
    print(f"  ok  {name} ({(now - started[0]) * 1000:.0f} ms)")
    started[0] = now


def main() -> None:
    clock = [time.perf_counter()]
    anonymous = Browser()
    status, _, body = anonymous.request("GET", "/readyz")
    assert status == 200 and json.loads(body)["status"] == "ok", (status, body)
    step("readiness: database, storage, queue", clock)
    status, head, _ = anonymous.request("GET", "/dang-nhap/", headers={"Accept-Encoding": "gzip"})
    assert status == 200 and head.get("content-encoding") == "gzip", head
    step("HTML compressed", clock)
    status, _, html = anonymous.request("GET", "/dang-nhap/")
    css = re.search(r'href="(' + re.escape(PREFIX) + r'/static/[^"]+\.css)"', html.decode()).group(1)
    status, head, _ = anonymous.request("GET", css)
    assert status == 200 and "max-age" in head.get("cache-control", ""), (css, status, head)
    step(f"static file served, hashed and cached ({css})", clock)

    officer = Browser()
    officer.sign_in(PREP["officer"], PREP["password"])
    step("commune officer signed in (session cookie path " + officer.cookie_paths["sessionid"] + ")", clock)
    detail = f"/danh-gia/ho-so/{PREP['assessment']}/"
    status, _, _ = officer.request("GET", detail)
    assert status == 200, status
    step("self-assessment page", clock)
    save = {
        "kind": "value",
        "version": str(PREP["version"]),
        "indicator": PREP["indicator"],
        "field": PREP["field"],
        "value": "true",
    }
    status, _, _ = officer.form(detail + "luu/", save, {"HX-Request": "true"})
    assert status == 200, f"autosave answered {status}"
    step("autosave", clock)
    status, _, _ = officer.form(detail + "luu/", {**save, "value": "false"}, {"HX-Request": "true"})
    assert status == 409, f"a save with a stale version answered {status}, not 409"
    step("stale version refused (409)", clock)
    if SECOND:
        other = Browser(SECOND)
        other.cookies = dict(officer.cookies)  # the same browser, now routed to the other server
        status, _, _ = other.request("GET", detail)
        assert status == 200, f"the session is not shared: second server answered {status}"
        status, _, _ = other.form(detail + "luu/", {**save, "value": "false"}, {"HX-Request": "true"})
        assert status == 409, f"second server accepted a stale version ({status})"
        fresh = {**save, "version": str(PREP["version"] + 1), "value": "false"}
        status, _, _ = other.form(detail + "luu/", fresh, {"HX-Request": "true"})
        assert status == 200, f"second server refused the current version ({status})"
        step("second server: same session, stale version refused, current accepted", clock)
    status, _, _ = officer.multipart(
        detail + "minh-chung/",
        {"indicator": PREP["upload_indicator"], "title": "Biên bản kiểm tra", "link": ""},
        {"file": ("Biên bản kiểm tra.pdf", PDF)},
    )
    assert status in {200, 302}, f"upload answered {status}"
    step("evidence uploaded", clock)

    admin = Browser()
    admin.sign_in(PREP["admin"], PREP["password"])
    # The worker renders the decision once and stores it; until then the download answers 202
    # "Đang tạo tệp…" (docs/tasks.md). Wait for the worker, as the page's own reload does.
    deadline = time.monotonic() + 300
    while True:
        status, head, pdf = admin.request("GET", f"/danh-gia/quyet-dinh/{PREP['decision']}/tai-ve.pdf")
        if status != 202 or time.monotonic() > deadline:
            break
        time.sleep(2)
    assert status == 200 and pdf.startswith(b"%PDF"), (status, pdf[:20])
    step(f"decision PDF rendered by the worker and downloaded ({len(pdf)} bytes)", clock)
    started = time.monotonic()
    status, head, again = admin.request("GET", f"/danh-gia/quyet-dinh/{PREP['decision']}/tai-ve.pdf")
    assert status == 200 and again == pdf, status
    step(f"stored PDF served again ({(time.monotonic() - started) * 1000:.0f} ms)", clock)
    status, _, metrics = admin.request("GET", "/metrics")
    assert status == 200 and b"tiepcan_http_requests_total" in metrics, status
    step("metrics for the administrator", clock)
    status, _, _ = anonymous.request("GET", "/metrics")
    assert status == 404, status
    status, _, metrics = anonymous.request(
        "GET", "/metrics", headers={"Authorization": f"Bearer {PREP['metrics_token']}"}
    )
    assert status == 200, status
    step("metrics with the bearer token, refused without", clock)
    status, head, body = anonymous.request(
        "GET", "/khong-co/", headers={"X-Request-ID": "smoke-request-0001"}
    )
    assert status == 404 and head.get("x-request-id") == "smoke-request-0001"
    if head.get("content-encoding") == "gzip":
        gzip.decompress(body)
    step("request id echoed", clock)
    if SECOND:
        shared_limits(clock)


def shared_limits(clock: list[float]) -> None:
    """Rate limits and sign-in lockouts hold across the two app servers, per client behind the proxy.

    Both servers see every request from 127.0.0.1 (the proxy's place); X-Forwarded-For names the
    client, as nginx would. The API's open-data limit is API_RATE_LIMIT (4 here) per hour.
    """
    if time.time() % 3600 > 3570:  # not across the start of a new counting window
        time.sleep(3601 - time.time() % 3600)
    visitor, neighbour = {"X-Forwarded-For": "203.0.113.77"}, {"X-Forwarded-For": "198.51.100.77"}
    servers = [Browser(), Browser(SECOND)]
    answers = [
        servers[i % 2].request("GET", "/api/v1/public/recognised", headers=visitor)[0] for i in range(6)
    ]
    assert answers[:4] == [200] * 4 and answers[4:] == [429, 429], answers
    status, _, _ = servers[1].request("GET", "/api/v1/public/recognised", headers=neighbour)
    assert status == 200, f"another client was limited too ({status})"
    step("API rate limit counted across both servers, per client", clock)
    for browser in servers:
        browser.request("GET", "/dang-nhap/", headers=visitor)
    wrong = {"username": PREP["admin"], "password": "sai-mat-khau-0"}
    for i in range(5):
        servers[i % 2].form("/dang-nhap/", wrong, visitor)
    status, _, _ = servers[1].form("/dang-nhap/", {**wrong, "password": PREP["password"]}, visitor)
    assert status == 429, f"five wrong passwords over two servers did not lock this client ({status})"
    other = Browser(SECOND)
    other.request("GET", "/dang-nhap/", headers=neighbour)
    status, _, _ = other.form(
        "/dang-nhap/", {"username": PREP["admin"], "password": PREP["password"]}, neighbour
    )
    assert status == 302, f"the lockout of one client locked the administrator out for everyone ({status})"
    step("sign-in lockout shared by both servers, for that client only", clock)


if __name__ == "__main__":
    main()
