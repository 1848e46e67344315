#!/usr/bin/python3
"""Copies the NIfTI test files, writes the generated ones and records reference slices with nibabel.

Run with Debian's interpreter after `apt-get install python3-nibabel python3-numpy`:
    /usr/bin/python3 make_reference.py
A slice is shown as a radiology viewer with the voxel axes as given shows it (the affine is not
applied): axial slice k has columns along i and rows along j, j growing upwards, that is
np.flipud(volume[:, :, k].T); coronal slice j is np.flipud(volume[:, j, :].T); sagittal slice i is
np.flipud(volume[i, :, :].T). Values are nibabel's get_fdata() (scl_slope/scl_inter applied).
"""
import json
import os
import shutil

import nibabel as nib
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
NIBABEL_FILES = os.path.join(os.path.dirname(nib.__file__), "tests", "data")

COPIED = [
    "standard.nii.gz",  # uint8, 4x5x7, little-endian, gzip
    "anatomical.nii",   # int16, 33x41x25, big-endian
]


def write_generated():
    rng = np.random.default_rng(3)
    # 4-D int16 with scl_slope/scl_inter: the decoder reads volume 0.
    data = rng.integers(-300, 900, size=(6, 5, 4, 2), dtype=np.int16)
    image = nib.Nifti1Image(data, np.eye(4))
    image.header.set_slope_inter(0.5, 10.0)
    nib.save(image, os.path.join(HERE, "scaled_4d.nii.gz"))
    # A .hdr/.img pair of float32 values.
    data = rng.normal(size=(5, 6, 3)).astype(np.float32) * 100
    nib.save(nib.Nifti1Pair(data, np.eye(4)), os.path.join(HERE, "float_pair.img"))
    # A big-endian float64 volume.
    data = rng.uniform(-1, 1, size=(3, 4, 5))
    header = nib.Nifti1Header(endianness=">")
    header.set_data_dtype(np.float64)
    nib.save(nib.Nifti1Image(data, np.eye(4), header=header), os.path.join(HERE, "float64_bigendian.nii"))
    return ["scaled_4d.nii.gz", "float_pair.hdr", "float64_bigendian.nii"]


def slice_of(volume, plane, index):
    if plane == "axial":
        return np.flipud(volume[:, :, index].T)
    if plane == "coronal":
        return np.flipud(volume[:, index, :].T)
    return np.flipud(volume[index, :, :].T)


def stats(image):
    rows, columns = image.shape
    coords = [(0, 0), (rows // 2, columns // 2), (rows - 1, columns - 1), (rows // 3, 2 * columns // 3)]
    return {
        "rows": rows, "columns": columns,
        "min": float(image.min()), "max": float(image.max()), "mean": float(image.mean()),
        "pixels": [[r, c, float(image[r, c])] for r, c in coords],
    }


def reference(name):
    image = nib.load(os.path.join(HERE, name))
    volume = image.get_fdata()
    if volume.ndim == 4:
        volume = volume[..., 0]
    shape = volume.shape
    slices = []
    for plane, axis in (("axial", 2), ("coronal", 1), ("sagittal", 0)):
        middle = shape[axis] // 2
        slices.append({"plane": plane, "index": None, "resolved": middle, **stats(slice_of(volume, plane, middle))})
    slices.append({"plane": "axial", "index": 1, "resolved": 1, **stats(slice_of(volume, "axial", 1))})
    return {"file": name, "shape": list(image.shape), "dtype": str(image.get_data_dtype()), "slices": slices}


def main():
    for name in COPIED:
        shutil.copyfile(os.path.join(NIBABEL_FILES, name), os.path.join(HERE, name))
    names = COPIED + write_generated()
    entries = [reference(name) for name in names]
    with open(os.path.join(HERE, "reference.json"), "w") as out:
        out.write('{"generator": "nibabel %s, numpy %s",\n' % (nib.__version__, np.__version__))
        out.write(' "files": [\n  ' + ",\n  ".join(json.dumps(e) for e in entries) + "]}\n")


if __name__ == "__main__":
    main()
