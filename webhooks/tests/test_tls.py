"""https deliveries go to the checked address while TLS verifies the certificate against the host
name (SNI): the pinning does not weaken certificate checks."""

import datetime
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from events.services import event_record
from events.types import EventType
from webhooks.models import WebhookAttempt
from webhooks.services import webhook_deliveries_send_due
from webhooks.tests.conftest import PORTS, make_webhook

pytestmark = pytest.mark.django_db


def self_signed(tmp_path, name: str):
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=1))
        .not_valid_after(now + datetime.timedelta(hours=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = tmp_path / f"{name}.pem", tmp_path / f"{name}.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return cert_path, key_path


@pytest.fixture
def tls_receiver(tmp_path, settings, dns, monkeypatch):
    """An https receiver on 127.0.0.1 with a certificate for `receiver.test` (which `dns` maps to
    127.0.0.1), trusted by the sender's TLS context in this test only."""
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = True
    dns["receiver.test"] = ["127.0.0.1"]
    cert_path, key_path = self_signed(tmp_path, "receiver.test")
    seen = {"sni": [], "hosts": []}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            self.rfile.read(int(self.headers["Content-Length"]))
            seen["hosts"].append(self.headers["Host"])
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_context.load_cert_chain(cert_path, key_path)
    server_context.sni_callback = lambda sock, name, ctx: seen["sni"].append(name)
    for port in reversed(PORTS):
        try:
            server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
            break
        except OSError:
            continue
    server.socket = server_context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    trusted = ssl.create_default_context(cafile=str(cert_path))
    monkeypatch.setattr("webhooks.network.ssl.create_default_context", lambda: trusted)
    yield server.server_address[1], seen
    server.shutdown()
    server.server_close()


def test_an_https_delivery_is_verified_against_the_name_and_sent_to_the_checked_address(lead, tls_receiver):
    port, seen = tls_receiver
    make_webhook(lead, url=f"https://receiver.test:{port}/hook")
    event_record(type=EventType.ORDER_DELETED, data={"id": 1})

    assert webhook_deliveries_send_due() == 1

    assert seen["sni"] == ["receiver.test"]
    assert seen["hosts"] == [f"receiver.test:{port}"]


def test_a_certificate_for_another_name_is_refused(lead, tls_receiver, dns):
    port, seen = tls_receiver
    dns["impostor.test"] = ["127.0.0.1"]  # same address, but the certificate is receiver.test's
    make_webhook(lead, url=f"https://impostor.test:{port}/hook")
    event_record(type=EventType.ORDER_DELETED, data={"id": 1})

    assert webhook_deliveries_send_due() == 0

    assert seen["hosts"] == []
    assert "TLS error" in WebhookAttempt.objects.get().error
