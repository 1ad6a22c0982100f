"""E-mail for a batch: one draft per copy (`.eml`, the PDF attached, subject and body from the
content's `personal.email` templates in the recipient's language edition), and optional sending over
SMTP: a dry run unless confirmed.

Drafts carry `X-Unsent: 1`, so mail clients open them as messages to send; their Message-ID is made
from the copy's hash, so drafts are reproducible.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import formataddr
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostics
from .manifest import ManifestRow
from .recipients import Recipient

ADDRESS = re.compile(r"^[^@\s<>,;]+@[^@\s<>,;]+\.[^@\s<>,;]+$")
PASSWORD_ENV = "BROCHURE_SMTP_PASSWORD"


@dataclass
class MailSettings:
    drafts: bool = False
    send: bool = False
    confirm: bool = False          # without it, --send is a dry run
    sender: str = ""               # From: address
    email_column: str = "email"
    smtp_host: str = "localhost"
    smtp_port: int = 25
    user: str = ""
    starttls: bool = False
    ssl: bool = False


def message_for(settings: MailSettings, pdf_name: str, data: bytes, recipient: Recipient, source: Any,
                digest: str) -> EmailMessage:
    from .personal import filled_personal

    mail = filled_personal(source, recipient.fields).email
    title = str(source.get(("meta", "title")) or "")
    msg = EmailMessage(policy=SMTP)
    if settings.sender:
        msg["From"] = settings.sender
    address = recipient.fields.get(settings.email_column, "").strip()
    if address:
        msg["To"] = formataddr((recipient.name, address))
    msg["Subject"] = mail.subject if mail else title
    msg["Message-ID"] = f"<{digest[:32]}.{recipient.id}@brochure.invalid>"
    msg["X-Unsent"] = "1"
    msg.set_content(mail.body if mail else title)
    msg.add_attachment(data, maintype="application", subtype="pdf", filename=pdf_name)
    return msg


def write_draft(settings: MailSettings, pdf: Path, data: bytes, recipient: Recipient, source: Any,
                diags: Diagnostics) -> str:
    """`<copy>.eml` beside the copy; returns its file name."""
    import hashlib

    from ..cache import write_atomic

    check_address(settings, recipient, diags, severity="warning")
    msg = message_for(settings, pdf.name, data, recipient, source, hashlib.sha256(data).hexdigest())
    path = pdf.with_suffix(".eml")
    write_atomic(path, msg.as_bytes())
    return path.name


def check_address(settings: MailSettings, recipient: Recipient, diags: Diagnostics,
                  severity: str = "error") -> bool:
    address = recipient.fields.get(settings.email_column, "").strip()
    if ADDRESS.match(address):
        return True
    report = diags.error if severity == "error" else diags.warning
    problem = "has no" if not address else f"has no usable ({address!r})"
    report("mail.address", f"recipient '{recipient.id}' {problem} e-mail address in column "
           f"'{settings.email_column}'", recipient.at(settings.email_column),
           f"add an '{settings.email_column}' column with the delegation's address")
    return False


def send_all(settings: MailSettings, out_dir: Path, rows: list[ManifestRow], by_id: dict[str, Recipient],
             sources: dict[str, Any], diags: Diagnostics) -> list[str]:
    """Send every written copy (dry run: list what would be sent). Returns the ids sent (or, in a dry
    run, that would be sent). A message that fails is reported; the others are still sent."""
    import hashlib
    import smtplib

    if not settings.sender:
        diags.error("mail.sender", "sending needs a From: address", None, "give --mail-from ADDRESS")
        return []
    ready = [r for r in rows if r.status == "ok" and check_address(settings, by_id[r.recipient], diags)]
    if not settings.confirm:
        for row in ready:
            address = by_id[row.recipient].fields[settings.email_column]
            print(f"dry run: would send {row.file} ({row.size / 1e6:.1f} MB) to {address}", file=sys.stderr)
        return [r.recipient for r in ready]
    sent: list[str] = []
    client_class = smtplib.SMTP_SSL if settings.ssl else smtplib.SMTP
    try:
        with client_class(settings.smtp_host, settings.smtp_port, timeout=60) as client:
            if settings.starttls:
                client.starttls()
            if settings.user:
                client.login(settings.user, os.environ.get(PASSWORD_ENV, ""))
            for row in ready:
                data = (out_dir / row.file).read_bytes()
                msg = message_for(settings, row.file, data, by_id[row.recipient], sources[row.language],
                                  hashlib.sha256(data).hexdigest())
                del msg["X-Unsent"]
                try:
                    client.send_message(msg)
                    sent.append(row.recipient)
                except smtplib.SMTPException as exc:
                    diags.error("mail.send-failed", f"sending to '{row.recipient}' failed: {exc}",
                                by_id[row.recipient].row)
    except (OSError, smtplib.SMTPException) as exc:
        diags.error("mail.smtp", f"cannot talk to the SMTP server {settings.smtp_host}:{settings.smtp_port}: "
                    f"{exc}", None, "check --smtp HOST:PORT, --starttls/--ssl and the login "
                    f"(password in ${PASSWORD_ENV})")
    return sent
