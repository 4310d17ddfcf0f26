"""Uploaded archives are checked before anything is unpacked; parts are read with a cap."""

import re
import zipfile

import pytest

from cooperation.uploads import (
    UploadRejected,
    check_xml_parts,
    open_archive,
    read_part,
)
from tests.hostile.corpus import bomb_zip, zip_of

NOT_ZIP = "Файл не является архивом."


def test_a_good_archive_opens_and_its_parts_read():
    archive = open_archive(zip_of({"a.xml": b"<a/>"}), not_zip=NOT_ZIP)
    assert read_part(archive, "a.xml") == b"<a/>"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", NOT_ZIP),
        (b"%PDF-1.7", NOT_ZIP),
        (bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 100, "защищён паролем"),
        (b"PK\x03\x04" + b"\0" * 40, "повреждён"),
        (zip_of({f"{n}.xml": b"" for n in range(1001)}), "частей"),
        (bomb_zip("big.bin", 210 * 1024 * 1024, {"a.xml": b"<a/>"}), "распаковывается в 210 МБ"),
        (bomb_zip("big.bin", 20 * 1024 * 1024, {"a.xml": b"<a/>"}), "раз больше своего размера"),
        (zip_of({"a.xml": b"<a/>"}, zipfile.ZIP_BZIP2), "неподдерживаемым способом"),
    ],
    ids=["empty", "pdf", "ole", "broken", "entries", "total", "ratio", "bzip2"],
)
def test_a_hostile_archive_is_refused_before_anything_is_unpacked(data, message):
    with pytest.raises(UploadRejected, match=message):
        open_archive(data, not_zip=NOT_ZIP)


def test_an_archive_over_the_upload_limit_is_refused(settings):
    settings.IMPORT_MAX_UPLOAD_SIZE = 10
    with pytest.raises(UploadRejected, match="больше допустимых"):
        open_archive(zip_of({"a.xml": b"<a/>"}), not_zip=NOT_ZIP)


def test_a_part_is_read_only_up_to_its_cap():
    archive = open_archive(zip_of({"a.xml": b"x" * 5000}), not_zip=NOT_ZIP)
    with pytest.raises(UploadRejected, match="распаковывается больше"):
        read_part(archive, "a.xml", cap=1000)


def test_a_part_whose_data_is_damaged_is_refused():
    data = bytearray(zip_of({"a.xml": b"<a>" + b"abc" * 1000 + b"</a>"}))
    data[60] ^= 0xFF
    archive = open_archive(bytes(data), not_zip=NOT_ZIP)
    with pytest.raises(UploadRejected, match="повреждён"):
        read_part(archive, "a.xml")


@pytest.mark.parametrize("marker", [b"<!DOCTYPE a>", b'<!ENTITY e "x">'])
def test_xml_parts_with_a_dtd_are_refused(marker):
    archive = open_archive(zip_of({"a.xml": b"<?xml?>" + marker + b"<a/>"}), not_zip=NOT_ZIP)
    with pytest.raises(UploadRejected, match="DTD"):
        check_xml_parts(archive)


def test_elements_are_counted_across_the_chunks_a_part_is_read_in():
    xml = b"<r>" + b"".join(b'<c r="%d"/>' % n for n in range(300_000)) + b"</r>"
    assert len(xml) > 3 * 1024 * 1024  # read in four chunks
    archive = open_archive(zip_of({"s.xml": xml}), not_zip=NOT_ZIP)
    counts = check_xml_parts(archive, counted=re.compile(rb"<c[\s/>]"))
    assert counts == {"s.xml": 300_000}
