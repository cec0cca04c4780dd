"""parse_message over the real-world corpus in shared/data/emails, plus targeted cases."""

from __future__ import annotations

import base64
import unicodedata
from email.message import Message
from email.parser import BytesParser
from email.policy import compat32
from pathlib import Path

import pytest

from chalicelib.mail.parse import (
    MAX_FILENAME_CHARS,
    MAX_SUBJECT_CHARS,
    ParsedMail,
    decode_encoded_words,
    decode_text,
    html_to_text,
    normalise_ids,
    parse_address_list,
    parse_message,
    sanitise_filename,
)

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "emails"
EML_FILES = sorted(CORPUS.rglob("*.eml")) if CORPUS.is_dir() else []


def corpus_id(path: Path) -> str:
    return str(path.relative_to(CORPUS))


def load(relative: str) -> ParsedMail:
    path = CORPUS / relative
    if not path.is_file():
        pytest.fail(f"corpus file {relative} is missing from ../shared/data/emails")
    return parse_message(path.read_bytes())


def stdlib_inline_text_parts(raw: bytes) -> list[str]:
    """Non-empty inline text parts as the standard library sees them: an oracle for 'has text'.

    Attached messages are not descended into (they are attachments), unless one is the whole
    body of its parent.
    """
    found: list[str] = []

    def visit(part: Message, whole_body: bool) -> None:
        payload = part.get_payload()
        children = (
            [child for child in payload if isinstance(child, Message)]
            if isinstance(payload, list)
            else []
        )
        if part.get_content_maintype() == "multipart":
            for child in children:
                visit(child, whole_body=False)
        elif part.get_content_maintype() == "message":
            if whole_body and children:
                visit(children[0], whole_body=True)
        elif part.get_content_type() in ("text/plain", "text/html"):
            disposition = str(part.get("content-disposition") or "").lower()
            named = part.get_param("name") or part.get_param(
                "filename", header="content-disposition"
            )
            if disposition.startswith("attachment") or (named and not whole_body):
                return
            decoded = part.get_payload(decode=True)
            if isinstance(decoded, bytes) and decoded.strip():
                found.append(part.get_content_type())

    visit(BytesParser(policy=compat32).parsebytes(raw), whole_body=True)
    return found


# -- every file in the corpus --------------------------------------------------------------


@pytest.mark.parametrize("path", EML_FILES, ids=corpus_id)
def test_every_corpus_message_parses_into_sensible_fields(path: Path) -> None:
    raw = path.read_bytes()
    mail = parse_message(raw)

    assert isinstance(mail.subject, str) and "\n" not in mail.subject
    assert len(mail.subject) <= MAX_SUBJECT_CHARS
    assert mail.from_address is None or (
        "@" in mail.from_address and mail.from_address == mail.from_address.lower()
    )
    for address in [*mail.to, *mail.cc, *mail.reply_to]:
        assert "@" in address and address == address.lower() and " " not in address
    for message_id in [mail.message_id or "", *mail.in_reply_to, *mail.references]:
        assert "<" not in message_id and ">" not in message_id and message_id == message_id.strip()
    assert mail.date is None or mail.date.tzinfo is not None
    assert all(name == name.lower() for name in mail.headers)
    assert isinstance(mail.text, str) and isinstance(mail.new_text, str)
    assert bool(mail.new_text.strip()) == bool(mail.text.strip())
    assert all(isinstance(defect, str) and defect for defect in mail.defects)
    for attachment in mail.attachments:
        assert attachment.filename and len(attachment.filename) <= MAX_FILENAME_CHARS
        assert not any(sep in attachment.filename for sep in "/\\")
        assert not any(unicodedata.category(char)[0] == "C" for char in attachment.filename)
        assert attachment.size == len(attachment.content)
        assert "/" in attachment.content_type


@pytest.mark.parametrize("path", EML_FILES, ids=corpus_id)
def test_corpus_text_and_attachments_are_not_lost(path: Path) -> None:
    raw = path.read_bytes()
    mail = parse_message(raw)
    if stdlib_inline_text_parts(raw):
        assert mail.text.strip() or mail.html
    if b"content-disposition: attachment" in raw.lower():
        assert mail.attachments


@pytest.mark.parametrize("path", EML_FILES, ids=corpus_id)
def test_corpus_parsing_is_deterministic(path: Path) -> None:
    raw = path.read_bytes()
    assert parse_message(raw) == parse_message(raw)


def test_corpus_is_present() -> None:
    if not CORPUS.is_dir():
        pytest.fail("the email corpus ../shared/data/emails is missing beside the repository")
    assert len(EML_FILES) >= 70


# -- charsets -------------------------------------------------------------------------------


def test_iso_2022_jp_body_and_utf8_subject() -> None:
    mail = load("mikel-mail/multi_charset_japanese_iso_2022.eml")
    assert mail.subject == "まみむめも"
    assert mail.text == "すみません。"
    assert mail.from_name == "Mikel Lindsaar" and mail.from_address == "raasdnil@gmail.com"


def test_iso_2022_jp_encoded_word_subject_decodes_to_japanese() -> None:
    raw = (
        b"From: a@example.jp\r\nSubject: =?ISO-2022-JP?B?GyRCJF4kXyRgJGEkYhsoQg==?=\r\n"
        b"Content-Type: text/plain; charset=ISO-2022-JP\r\n\r\n\x1b$BCmJ8$K$D$$$F\x1b(B\r\n"
    )
    mail = parse_message(raw)
    assert mail.subject == "まみむめも"
    assert mail.text == "注文について"


def test_raw_iso_2022_jp_subject_without_encoded_words() -> None:
    raw = b"Subject: \x1b$B$^$_$`$a$b\x1b(B\r\n\r\nbody\r\n"
    assert parse_message(raw).subject == "まみむめも"


def test_japanese_utf8_base64_body_and_signature() -> None:
    mail = load("mikel-mail/multi_charset_japanese.eml")
    assert mail.subject == "まみむめも"
    assert mail.text.startswith("かきくえこ")
    assert mail.new_text == "かきくえこ"


def test_koi8_r_sample_decodes_to_cyrillic() -> None:
    mail = load("thunderbird/sample04_koi8r.eml")
    assert mail.subject == "Алфавит"
    assert mail.text == "Вопрос"


def test_ks_c_5601_1987_is_read_as_cp949() -> None:
    mail = load("mikel-mail/multi_charset_ks_c_5601-1987.eml")
    assert mail.text == bytes.fromhex("bdbac6bcc7d8").decode("cp949")
    assert not mail.defects


def test_gb2312_headers_and_mislabelled_utf8_body() -> None:
    mail = load("mail-parser/mail_test_12.eml")
    assert mail.subject == "代开各地增值税发票"
    assert mail.from_name == "张先生"
    assert mail.text.startswith("你好！我公司可代开各类增值税发票")
    assert any("mislabelled" in defect for defect in mail.defects)


def test_big5_double_encoded_as_utf8_is_repaired() -> None:
    mail = load("mikel-mail/error_emails_content_transfer_encoding_empty.eml")
    assert "大家說英語" in mail.subject


def test_utf7_body_and_raw_utf7_subject() -> None:
    mail = load("hunnysoft-mua-samples/m1011.eml")
    assert mail.subject == "Die Hasen und die Frösche"
    assert mail.to == ["mueller@example.com"]


def test_windows_1252_quoted_printable() -> None:
    mail = load("hunnysoft-mua-samples/m0010.eml")
    assert mail.subject == "Die Hasen und die Frösche (Microsoft Outlook 00)"
    assert "über ihre mißliche Lage" in mail.text
    assert mail.from_address == "doug@example.com"  # the first From, not the stray second one


def test_unknown_charset_label_still_gives_text() -> None:
    mail = load("hunnysoft-mua-samples/invalid-charset.eml")
    assert mail.text.startswith("The Hare and the Tortoise")


def test_utf16_and_euc_jp_parts() -> None:
    mail = load("stalwart-dovecot/thirdparty_005.eml")
    assert mail.text.count("Test message") == 3
    assert "『世界人権宣言』" in mail.text
    assert mail.text.endswith("invalid")


def test_rfc6532_raw_utf8_headers() -> None:
    mail = load("mikel-mail/rfc6532_utf8_headers.eml")
    assert mail.subject == "Säying Hello"
    assert mail.from_name == "Jöhn Doe" and mail.from_address == "jdöe@mächine.example"
    assert mail.to == ["märy@exämple.net"]


def test_raw_latin1_subject_and_quoted_encoded_display_name() -> None:
    mail = load("mikel-mail/error_emails_invalid_subject_characters.eml")
    assert mail.subject.startswith("Formação FrenetikPolis")
    assert mail.from_name == "Formação Frenetikpolis"


def test_decode_text_fallbacks() -> None:
    assert decode_text("café".encode("cp1252"), "us-ascii")[0] == "café"
    assert decode_text("café".encode(), "iso-8859-1")[0] == "café"
    assert decode_text(b"\x81abc", "windows-1252")[0] == "\x81abc"
    assert decode_text(b"caf\xe9", None)[0] == "café"
    assert decode_text("Привет".encode("koi8-r"), "KOI8-R")[0] == "Привет"
    text, note = decode_text(b"x\x9c\xcb\x48\xcd\xc9", "zlib")  # never a bytes-to-bytes codec
    assert note and "zlib" in note and text.startswith("x")


def test_encoded_words_split_inside_a_multibyte_character_are_joined() -> None:
    encoded = base64.b64encode("注文".encode())
    first, second = encoded[:4].decode(), encoded[4:].decode()
    value = f"=?UTF-8?B?{first}?= =?UTF-8?B?{second}?="
    assert decode_encoded_words(value) == "注文"
    assert decode_encoded_words("=?utf-8?q?a?= b =?utf-8?q?c?=") == "a b c"
    assert decode_encoded_words("=?utf-8?B?eHB0bw?=") == "xpto"  # padding dropped by sender


# -- headers --------------------------------------------------------------------------------


def test_encoded_display_name_with_comma_is_one_mailbox() -> None:
    mail = load("flanker/encoded-header.eml")
    assert mail.from_name == "Foo, Bar"
    assert mail.from_address == "foo.bar@example.com"
    assert mail.message_id == "1234567890-1234-4567@example.com"


def test_comma_names_in_from_and_to() -> None:
    mail = load("mail-parser/mail_test_18.eml")
    assert mail.from_address == "comma.name@example.com"
    assert "," in mail.from_name


def test_spoofed_display_name_keeps_the_real_address() -> None:
    mail = load("mail-parser/mail_test_15.eml")
    assert mail.from_address == "do-not-reply@ncs.gov.ng"
    assert mail.from_name == "purchasing@aquillaindustries.com"
    assert mail.to == []  # "Undisclosed-Recipients:;"


def test_address_list_parsing() -> None:
    assert parse_address_list('"Doe, John" <J@X.com>, b@y.org (Bob)') == [
        ("Doe, John", "J@X.com"),
        ("Bob", "b@y.org"),
    ]
    assert parse_address_list("a@x.com b@y.com") == [("", "a@x.com"), ("", "b@y.com")]
    assert parse_address_list("undisclosed-recipients:;") == []


def test_message_id_normalisation() -> None:
    assert normalise_ids("<a@b>  <c@d>\r\n <a@b>") == ["a@b", "c@d"]
    assert normalise_ids("bare@id.example") == ["bare@id.example"]
    assert normalise_ids("<folded\r\n @id>") == ["folded@id"]
    raw = (
        b"Message-ID:   <abc@example.com>  \r\nIn-Reply-To: <p@x> (from Bob)\r\n"
        b"References: <r1@x>\r\n <r2@x> <p@x>\r\nSubject:  Re:\r\n  folded   subject\r\n\r\nhi\r\n"
    )
    mail = parse_message(raw)
    assert mail.message_id == "abc@example.com"
    assert mail.in_reply_to == ["p@x"]
    assert mail.references == ["r1@x", "r2@x", "p@x"]
    assert mail.subject == "Re: folded subject"


def test_long_header_is_bounded() -> None:
    mail = load("flanker/long-header.eml")
    assert mail.subject.startswith("Die heiße Zypernsonne quälte Max und Victoria")
    assert len(mail.subject) <= MAX_SUBJECT_CHARS
    assert any("truncated" in defect for defect in mail.defects)


def test_dates_are_timezone_aware_and_bad_dates_fall_back() -> None:
    mail = load("mikel-mail/multi_charset_ks_c_5601-1987.eml")
    assert mail.date is not None and mail.date.utcoffset() is not None
    assert mail.date.isoformat() == "2014-05-28T17:18:19+09:00"
    broken = load("mikel-mail/error_emails_bad_date_header.eml")
    assert broken.date is not None  # taken from Received
    assert any("date" in defect for defect in broken.defects)


def test_message_without_headers() -> None:
    mail = load("mime4j/testmsgs_malformedHeader-noheader.eml")
    assert mail.text.startswith("This is a simple message not having headers.")
    assert mail.subject == "" and mail.from_address is None


# -- structure ------------------------------------------------------------------------------


def test_pdf_attachment() -> None:
    mail = load("flanker/attached-pdf.eml")
    assert mail.text == "Test - body content"
    [pdf] = mail.attachments
    assert (pdf.filename, pdf.content_type, pdf.size) == ("test.pdf", "application/pdf", 6940)
    assert pdf.content.startswith(b"%PDF")


def test_non_ascii_rfc2231_filename() -> None:
    mail = load("mikel-mail/attachment_emails_attachment_nonascii_filename.eml")
    [attachment] = mail.attachments
    assert attachment.filename == "ciële.txt"
    assert mail.text == "This is the first part."


def test_rfc2231_latin1_filename_and_content() -> None:
    mail = load("hunnysoft-mua-samples/m3004.eml")
    [story] = mail.attachments
    assert story.filename == "HasenundFrösche.txt"
    assert story.size == 755 and story.content.startswith(b"Die Hasen und die Fr\xf6sche")


def test_raw_utf8_filename_truncated_mid_character() -> None:
    mail = load("flanker/russian-attachment-yahoo.eml")
    [image] = mail.attachments
    assert image.filename.startswith("Картинка с очень, очень длинным")
    assert image.content_type == "image/png" and image.content.startswith(b"\x89PNG")
    assert mail.text == "Hello" and mail.html


def test_message_rfc822_attachment_is_kept_as_eml() -> None:
    mail = load("mikel-mail/attachment_emails_attachment_message_rfc822.eml")
    [forwarded] = mail.attachments
    assert forwarded.filename == "ForwardedMessage.eml"
    assert forwarded.content_type == "message/rfc822"
    inner = parse_message(forwarded.content)
    assert [item.filename for item in inner.attachments] == ["broken.pdf"]


def test_unnamed_message_rfc822_is_named_after_its_subject() -> None:
    mail = load("stalwart-dovecot/rfc_002.eml")
    assert [item.filename for item in mail.attachments] == ["Map of Argentina with Description.eml"]
    assert mail.text.startswith("Fred,")


def test_related_inline_image_and_attachment() -> None:
    mail = load("stalwart-dovecot/thirdparty_019.eml")
    inline, attached = mail.attachments
    assert inline.inline and inline.content_id and inline.filename == "kigaaldcbanejcbi.png"
    assert not attached.inline and attached.filename == "attach2.png"
    assert mail.text == "Search for hähä"
    assert mail.html and "<img" in mail.html


def test_signed_message_with_nested_attachment() -> None:
    mail = load("mikel-mail/mime_emails_raw_email_with_nested_attachment.eml")
    assert [item.filename for item in mail.attachments] == ["truncated.png", "smime.p7s"]
    assert mail.text.startswith("Here is a test of an attachment via email.")


def test_x_uuencode_transfer_encoding_part() -> None:
    mail = load("mikel-mail/error_emails_content_transfer_encoding_x_uuencode.eml")
    assert [item.filename for item in mail.attachments] == ["PGP_Cmts_on_12-14-01_Pkg.doc"]
    assert mail.new_text == "Attached are the comments of the Public Generating Pool."


def test_uuencoded_file_inside_text_becomes_an_attachment() -> None:
    raw = (
        b"Subject: uu\r\n\r\nSee attached.\r\n\r\nbegin 644 hello.txt\r\n"
        b"&:&5L;&\\*\r\n`\r\nend\r\n\r\nBye\r\n"
    )
    mail = parse_message(raw)
    [attachment] = mail.attachments
    assert attachment.filename == "hello.txt" and attachment.content == b"hello\n"
    assert "begin 644" not in mail.text and "Bye" in mail.text


def test_multipart_alternative_prefers_plain_for_text_and_keeps_html() -> None:
    mail = load("flanker/dashed-boundaries.eml")
    assert mail.text == "Hi"
    assert mail.html and mail.html.strip() == "<html><body>Hi</body></html>"


def test_unquoted_boundary_with_equals_sign() -> None:
    mail = load("mikel-mail/mime_emails_raw_email_with_illegal_boundary.eml")
    assert mail.text.startswith("Hello\nThis is an outlook test")
    assert mail.html and "outlook" in mail.html


def test_wrong_declared_boundary_is_recovered() -> None:
    mail = load("mail-parser/mail_malformed_3.eml")
    assert "Recibo de Luz" in mail.subject
    assert mail.html and "Problemas para visualizar" in mail.text
    assert any("boundary" in defect for defect in mail.defects)


def test_parts_after_premature_closing_boundary_are_recovered() -> None:
    mail = load("mail-parser/mail_malformed_1.eml")
    assert [item.filename for item in mail.attachments] == ["20160523_916527.jpg_.zip"]
    assert mail.attachments[0].content.startswith(b"PK")


def test_missing_final_and_inner_start_boundaries() -> None:
    assert load("flanker/missing-final-boundary.eml").text == "Some body"
    mail = load("mime4j/testmsgs_missing-inner-start-boundary.eml")
    assert mail.text == "Foo\n\nAAA"
    assert mail.defects


def test_html_only_message_is_converted_to_text() -> None:
    mail = load("mail-parser/mail_test_6.eml")
    assert mail.html and "Профессионалы.ru" in mail.text and "<" not in mail.text[:200]
    assert len(mail.attachments) == 4 and all(item.inline for item in mail.attachments)


def test_multipart_report_is_flagged() -> None:
    mail = load("flanker/bounce_zed.eml")
    assert mail.is_multipart_report and mail.report_type == "delivery-status"
    types = [item.content_type for item in mail.attachments]
    assert types == ["message/delivery-status", "message/rfc822"]
    assert mail.text.startswith("This is the mail system at host mail.example.com.")


def test_digest_inside_encapsulated_message() -> None:
    mail = load("hunnysoft-mua-samples/m4007.eml")
    assert [item.filename for item in mail.attachments] == ["m1.eml", "m2.eml"]


def test_external_body_keeps_where_the_body_lives() -> None:
    mail = load("flanker/message-external-body.eml")
    ftp = next(item for item in mail.attachments if item.filename.endswith(".txt"))
    assert b"anon-ftp" in ftp.content


def test_format_flowed_is_unwrapped() -> None:
    raw = (
        b"Content-Type: text/plain; charset=utf-8; format=flowed\r\n\r\n"
        b"This line is \r\nsoft wrapped.\r\n>quoted\r\n\r\n-- \r\nsig\r\n"
    )
    mail = parse_message(raw)
    assert mail.text.startswith("This line is soft wrapped.\n")
    assert mail.new_text == "This line is soft wrapped."


# -- pathological input ---------------------------------------------------------------------


def test_empty_and_garbage_input_never_raise() -> None:
    for raw in (
        b"",
        b"\r\n\r\n",
        b"\x00\xff" * 1000,
        b":" * 5000,
        b"Content-Type: multipart/x\r\n",
    ):
        mail = parse_message(raw)
        assert isinstance(mail, ParsedMail)


def test_deep_multipart_nesting_is_bounded() -> None:
    depth = 3000
    head = b"".join(
        b'Content-Type: multipart/mixed; boundary="b%d"\r\n\r\n--b%d\r\n' % (level, level)
        for level in range(depth)
    )
    tail = b"".join(b"\r\n--b%d--\r\n" % level for level in reversed(range(depth)))
    raw = b"Subject: deep\r\n" + head + b"Content-Type: text/plain\r\n\r\nhello" + tail
    mail = parse_message(raw)
    assert mail.subject == "deep" and mail.defects


def test_deep_message_nesting_is_bounded() -> None:
    raw = b"Subject: outer\r\n" + b"Content-Type: message/rfc822\r\n\r\n" * 2000 + b"body\r\n"
    mail = parse_message(raw)
    assert mail.subject == "outer" and mail.defects


def test_huge_header_section_is_bounded() -> None:
    raw = b"Subject: big\r\n" + b"X-Junk: " + b"a" * 5_000_000 + b"\r\n"
    raw += b"".join(b"X-Many-%d: v\r\n" % index for index in range(5000)) + b"\r\nbody\r\n"
    mail = parse_message(raw)
    assert mail.subject == "big" and mail.text == "body"
    assert sum(len(values) for values in mail.headers.values()) <= 1000
    assert all(len(value) <= 16 * 1024 for values in mail.headers.values() for value in values)


# -- helpers --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content_type", "expected"),
    [
        ("../../etc/passwd", "text/plain", "passwd"),
        ("C:\\Users\\me\\invoice.pdf", "application/pdf", "invoice.pdf"),
        ("evil\u202egpj.exe", "application/octet-stream", "evilgpj.exe"),
        ("a\x00b\r\nc.txt", "text/plain", "abc.txt"),
        ("con.txt", "text/plain", "_con.txt"),
        ("   ", "image/png", "image.png"),
        (None, "message/rfc822", "message.eml"),
        (None, "application/ms-tnef", "winmail.dat"),
        (None, "application/x-unknown-thing", "attachment.bin"),
        ("..", "text/plain", "text.txt"),
    ],
)
def test_sanitise_filename(name: str | None, content_type: str, expected: str) -> None:
    assert sanitise_filename(name, content_type) == expected


def test_sanitise_filename_shortens_but_keeps_the_extension() -> None:
    name = sanitise_filename("x" * 500 + ".pdf", "application/pdf")
    assert len(name) == MAX_FILENAME_CHARS and name.endswith(".pdf")


def test_html_to_text_marks_blockquotes_and_skips_scripts() -> None:
    html = (
        "<html><head><style>p{}</style><script>alert(1)</script></head><body>"
        "<p>Where is my order?</p><div>On Mon, Bob wrote:</div>"
        "<blockquote><p>It shipped.</p></blockquote><ul><li>one</li><li>two</li></ul>"
        "</body></html>"
    )
    text = html_to_text(html)
    assert "alert" not in text and "p{}" not in text
    assert "Where is my order?" in text
    assert "> It shipped." in text
    assert "- one\n- two" in text
