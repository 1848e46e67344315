#!/usr/bin/python3
"""Copies the DICOM test files, writes the generated ones and records reference values with pydicom.

Run with Debian's interpreter after `apt-get install python3-pydicom python3-numpy`:
    /usr/bin/python3 make_reference.py
It rewrites the .dcm files of this folder and reference.json. The C# tests compare their decoding
against reference.json; nothing here is used at test time.
"""
import json
import os
import shutil

import numpy as np
import pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.pixel_data_handlers.util import apply_modality_lut, apply_windowing
from pydicom.sequence import Sequence

HERE = os.path.dirname(os.path.abspath(__file__))
PYDICOM_FILES = os.path.join(os.path.dirname(pydicom.__file__), "data", "test_files")

COPIED = [
    "CT_small.dcm",            # explicit VR LE, 16-bit signed, rescale intercept -1024, no window
    "MR_small.dcm",            # explicit VR LE, 16-bit signed, window 600/1600
    "MR_small_implicit.dcm",   # implicit VR LE
    "MR_small_bigendian.dcm",  # explicit VR BE
    "ExplVR_BigEnd.dcm",       # explicit VR BE, RGB 8-bit, planar configuration 1
    "SC_rgb_small_odd.dcm",    # RGB 8-bit, planar configuration 0, 3x3 (odd length, padded)
    "image_dfl.dcm",           # deflated explicit VR LE, 8-bit unsigned
    "rtdose.dcm",              # implicit VR LE, 15 frames, 32-bit unsigned
    "MR_small_RLE.dcm",        # RLE Lossless: compressed, must be refused clearly
    "JPEG2000.dcm",            # JPEG 2000: compressed, must be refused clearly
    "MR_truncated.dcm",        # pixel data shorter than rows x columns needs
]


def undefined_length_sequence(depth):
    """A sequence of undefined length whose items are of undefined length, nested `depth` deep."""
    items = []
    for n in range(2):
        item = Dataset()
        item.is_undefined_length_sequence_item = True
        item.ReferencedSOPClassUID = "1.2.840.10008.5.1.4.1.1.4"
        item.ReferencedSOPInstanceUID = f"1.2.3.4.{depth}.{n}"
        if depth > 1:
            item.ReferencedSeriesSequence = undefined_length_sequence(depth - 1)
            item["ReferencedSeriesSequence"].is_undefined_length = True
        items.append(item)
    return Sequence(items)


def write_monochrome1():
    """MR_small as MONOCHROME1 with nested undefined-length sequences before the pixel data."""
    ds = pydicom.dcmread(os.path.join(PYDICOM_FILES, "MR_small.dcm"))
    ds.PhotometricInterpretation = "MONOCHROME1"
    ds.ReferencedImageSequence = undefined_length_sequence(2)
    ds["ReferencedImageSequence"].is_undefined_length = True
    ds.save_as(os.path.join(HERE, "mr_monochrome1_undefined_sequences.dcm"), write_like_original=False)


def write_bits12_raw():
    """A raw dataset (no preamble, no file meta), implicit VR LE, 12 bits stored in 16 with
    garbage in the 4 unused high bits, signed, rescale slope 2 / intercept -100, two windows."""
    ds = pydicom.dcmread(os.path.join(PYDICOM_FILES, "CT_small.dcm"))
    stored = np.clip(ds.pixel_array.astype(np.int32) - 1200, -2048, 2047)
    rng = np.random.default_rng(7)
    garbage = rng.integers(0, 16, size=stored.shape, dtype=np.int32) << 12
    raw = ((stored & 0x0FFF) | garbage).astype(np.uint16)
    ds.BitsStored = 12
    ds.HighBit = 11
    ds.PixelRepresentation = 1
    ds.RescaleSlope = 2
    ds.RescaleIntercept = -100
    ds.WindowCenter = [-200, 300]
    ds.WindowWidth = [2000, 1500]
    ds.ReferencedImageSequence = undefined_length_sequence(1)
    ds["ReferencedImageSequence"].is_undefined_length = True
    ds.PixelData = raw.tobytes()
    ds["PixelData"].VR = "OW"
    ds.file_meta = FileMetaDataset()
    ds.preamble = None
    ds.is_implicit_VR = True
    ds.is_little_endian = True
    path = os.path.join(HERE, "ct_bits12_implicit_raw.dcm")
    ds.save_as(path, write_like_original=True)
    return path, stored


def stats(array, coords):
    """min, max, mean and the values at (row, column) of a [rows, columns] or [rows, columns, 3] array."""
    return {
        "min": float(array.min()),
        "max": float(array.max()),
        "mean": float(array.mean()),
        "pixels": [[r, c] + np.atleast_1d(array[r, c]).astype(float).tolist() for r, c in coords],
    }


def reference(path, stored_override=None):
    ds = pydicom.dcmread(path, force=True)
    frames = int(ds.get("NumberOfFrames", 1) or 1)
    frame = frames // 2
    stored = ds.pixel_array if stored_override is None else stored_override
    if frames > 1:
        stored = stored[frame]
    rows, columns = int(ds.Rows), int(ds.Columns)
    coords = [(0, 0), (rows // 2, columns // 2), (rows - 1, columns - 1), (rows // 3, 2 * columns // 3)]
    samples = int(ds.SamplesPerPixel)
    entry = {
        "file": os.path.basename(path),
        "rows": rows, "columns": columns, "frames": frames, "frame": frame, "samples": samples,
        "photometric": str(ds.PhotometricInterpretation),
        "stored": stats(stored, coords),
    }
    if samples == 3:
        # RGB: display values are the stored 8-bit values themselves.
        entry["display"] = stats(stored.astype(np.float64), coords)
        return entry
    modality = apply_modality_lut(stored, ds).astype(np.float64)
    entry["modality"] = stats(modality, coords)
    if "WindowCenter" in ds:
        # pydicom maps the window onto [y_min, y_max]; rescale that range onto [0, 255].
        bits = int(ds.BitsStored)
        y_min, y_max = (0, 2 ** bits - 1) if ds.PixelRepresentation == 0 else (-2 ** (bits - 1), 2 ** (bits - 1) - 1)
        if "RescaleSlope" in ds and "RescaleIntercept" in ds:
            y_min = y_min * float(ds.RescaleSlope) + float(ds.RescaleIntercept)
            y_max = y_max * float(ds.RescaleSlope) + float(ds.RescaleIntercept)
        windowed = apply_windowing(modality.copy(), ds, index=0)
        display = (windowed - y_min) / (y_max - y_min) * 255.0
    else:
        low, high = modality.min(), modality.max()
        display = (modality - low) / (high - low) * 255.0 if high > low else np.zeros_like(modality)
    if ds.PhotometricInterpretation == "MONOCHROME1":
        display = 255.0 - display
    entry["display"] = stats(display, coords)
    return entry


def main():
    for name in COPIED:
        shutil.copyfile(os.path.join(PYDICOM_FILES, name), os.path.join(HERE, name))
    write_monochrome1()
    bits12_path, bits12_stored = write_bits12_raw()

    decodable = [n for n in COPIED if n not in ("MR_small_RLE.dcm", "JPEG2000.dcm", "MR_truncated.dcm")]
    entries = [reference(os.path.join(HERE, n)) for n in decodable]
    entries.append(reference(os.path.join(HERE, "mr_monochrome1_undefined_sequences.dcm")))
    entries.append(reference(bits12_path, stored_override=bits12_stored))
    compressed = []
    for name in ("MR_small_RLE.dcm", "JPEG2000.dcm"):
        ds = pydicom.dcmread(os.path.join(HERE, name))
        uid = ds.file_meta.TransferSyntaxUID
        compressed.append({"file": name, "transfer_syntax": str(uid), "name": uid.name})
    with open(os.path.join(HERE, "reference.json"), "w") as out:
        # One file per line keeps the reference readable in a diff.
        out.write('{"generator": "pydicom %s, numpy %s",\n' % (pydicom.__version__, np.__version__))
        out.write(' "decoded": [\n  ' + ",\n  ".join(json.dumps(e) for e in entries) + "],\n")
        out.write(' "compressed": [\n  ' + ",\n  ".join(json.dumps(e) for e in compressed) + "]}\n")


if __name__ == "__main__":
    main()
