#!/usr/bin/python3
"""Writes the small dataset folders of this directory, each laid out and encoded as the public set
ships it (file names, field names and types, quirks), plus broken copies for the error cases.
Questions, answers and reports are made up. Run with Debian's interpreter (python3-pil):
    /usr/bin/python3 make_datasets.py
"""
import json
import os
import pickle
import shutil

from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))


def image(path, shade, size=(12, 10), fmt=None):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    Image.new("L", size, shade).save(path, fmt)


def truncated_jpeg(path):
    image(path, 90, size=(64, 48))
    data = open(path, "rb").read()
    open(path, "wb").write(data[: len(data) // 2])


def write_json(path, value, indent=None):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as out:
        json.dump(value, out, indent=indent, ensure_ascii=False)


def write_jsonl(path, rows):
    with open(path, "w", encoding="utf-8") as out:
        for row in rows:
            out.write((row if isinstance(row, str) else json.dumps(row, ensure_ascii=False)) + "\n")


def vqa_rad_item(qid, image_name, question, answer, answer_type, question_type, phrase_type):
    # The release's field order and its NULL placeholders.
    return {
        "qid": qid, "phrase_type": phrase_type, "qid_linked_id": f"0{qid}a1b2c3-d4e5", "image_case_url": f"https://medpix.example/case?id={qid}",
        "image_name": image_name, "image_organ": "HEAD", "evaluation": "not evaluated", "question": question,
        "question_rephrase": "NULL", "question_relation": "NULL", "question_frame": "NULL",
        "question_type": question_type, "answer": answer, "answer_type": answer_type,
    }


def vqa_rad():
    root = os.path.join(HERE, "vqa-rad")
    images = os.path.join(root, "VQA_RAD Image Folder")
    for n, name in enumerate(["synpic100132.jpg", "synpic52767.jpg", "synpic31400.jpg"]):
        image(os.path.join(images, name), 60 + 40 * n)
    items = [
        vqa_rad_item(0, "synpic100132.jpg", "Are regions of the brain infarcted?", "Yes", "CLOSED", "PRES", "freeform"),
        vqa_rad_item(1, "synpic100132.jpg", "Is there infarction in the brain?", "yes", "CLOSED ", "PRES", "para"),
        vqa_rad_item(2, "synpic52767.jpg", "How many lesions are there?", 2, "OPEN", "COUNT", "freeform"),
        vqa_rad_item(3, "synpic52767.jpg", "Which side is the lesion on?", "Left", "CLOSED", "POS", "frame"),
        vqa_rad_item(4, "synpic31400.jpg", "What imaging modality is this?", "CT", "open", "MODALITY", "freeform"),
        vqa_rad_item(5, "synpic31400.jpg", "Is this a CT scan?", "No", "CLOSED", "MODALITY", "test_freeform"),
        vqa_rad_item(6, "synpic52767.jpg", "What organ system is shown?", "Brain", "OPEN", "ORGAN", "test_para"),
        vqa_rad_item(7, "synpic100132.jpg", "Is the ventricle enlarged?", "no", "CLOSED", "SIZE, PRES", "test_freeform"),
    ]
    write_json(os.path.join(root, "VQA_RAD Dataset Public.json"), items, indent=4)

    broken = os.path.join(HERE, "vqa-rad-broken")
    shutil.rmtree(broken, ignore_errors=True)
    shutil.copytree(images, os.path.join(broken, "VQA_RAD Image Folder"))
    bad = [dict(items[0]), dict(items[1]), dict(items[2]), dict(items[5])]
    del bad[1]["answer"]                      # a row without answer
    bad[2]["image_name"] = "synpic99999.jpg"  # a missing image
    bad[3]["answer"] = "  "                   # an empty answer
    text = json.dumps(bad, indent=4)
    # Malformed JSON after the fourth item: a stray token before the closing bracket.
    text = text[: text.rindex("]")] + ",\n    oops\n]"
    open(os.path.join(broken, "VQA_RAD Dataset Public.json"), "w").write(text)


def slake_item(qid, img_id, question, answer, answer_type, content_type, lang, modality="MRI", location="Brain"):
    return {
        "img_id": img_id, "img_name": f"xmlab{img_id}/source.jpg", "question": question, "answer": answer,
        "q_lang": lang, "location": location, "modality": modality, "answer_type": answer_type,
        "base_type": "vqa", "content_type": content_type, "triple": ["vhead", "_", "_"], "qid": qid,
    }


def slake():
    root = os.path.join(HERE, "slake")
    for img_id in range(4):
        image(os.path.join(root, "imgs", f"xmlab{img_id}", "source.jpg"), 50 + 30 * img_id)
    train = [
        slake_item(0, 0, "What modality is used to take this image?", "MRI", "OPEN", "Modality", "en"),
        slake_item(1, 0, "Does the picture contain liver?", "No", "CLOSED", "Organ", "en"),
        slake_item(2, 0, "这张图片的成像方式是什么?", "核磁共振", "OPEN", "Modality", "zh"),
        slake_item(3, 1, "Where is the abnormality?", "Left Lobe", "OPEN", "Position", "en"),
        slake_item(4, 1, "图中是否有异常?", "是", "CLOSED", "Abnormality", "zh"),
    ]
    validate = [slake_item(10, 2, "Is this image abnormal?", "Yes", "CLOSED", "Abnormality", "en")]
    test = [
        slake_item(20, 3, "Which plane is the image scanned?", "Transverse Plane", "OPEN", "Plane", "en"),
        slake_item(21, 3, "该图像是哪个扫描平面?", "横断面", "OPEN", "Plane", "zh"),
    ]
    write_json(os.path.join(root, "train.json"), train, indent=4)
    write_json(os.path.join(root, "validate.json"), validate, indent=4)
    write_json(os.path.join(root, "test.json"), test, indent=4)

    broken = os.path.join(HERE, "slake-broken")
    shutil.rmtree(broken, ignore_errors=True)
    shutil.copytree(os.path.join(root, "imgs"), os.path.join(broken, "imgs"))
    write_json(os.path.join(broken, "train.json"), train, indent=4)
    open(os.path.join(broken, "validate.json"), "w").write('[\n    {"img_id": 2, "img_name": "xmlab2/source.jpg",\n')
    write_json(os.path.join(broken, "test.json"), [])


def pathvqa():
    root = os.path.join(HERE, "pathvqa", "pvqa")
    rows = {
        "train": [("train_0000", "What is present?", "hemorrhage"), ("train_0000", "Is hemorrhage present?", "yes"),
                  ("train_0001", "How are the nuclei arranged?", "in a palisade")],
        "val": [("val_0000", "What have lost their nuclei?", "neutrophils")],
        "test": [("test_0000", "Does this image show necrosis?", "no"), ("test_0001", "What does this image show?", "granuloma")],
    }
    # The authors' files come from different Python versions: cover protocols 2, 3 and 4.
    protocols = {"train": 2, "val": 3, "test": 4}
    for split, items in rows.items():
        for name, _, _ in items:
            image(os.path.join(root, "images", split, name + ".jpg"), 120)
        # Shared image-name strings, as in the release, make the pickler memoise them.
        names = {name: name for name, _, _ in items}
        data = [{"image": names[name], "question": q, "answer": a} for name, q, a in items]
        os.makedirs(os.path.join(root, "qas", split), exist_ok=True)
        with open(os.path.join(root, "qas", split, f"{split}_qa.pkl"), "wb") as out:
            pickle.dump(data, out, protocol=protocols[split])
    truncated_jpeg(os.path.join(root, "images", "test", "test_0001.jpg"))  # an unreadable image


def jsonl():
    root = os.path.join(HERE, "jsonl")
    image(os.path.join(root, "img", "a.png"), 10, fmt="PNG")
    image(os.path.join(root, "img", "b.png"), 200, fmt="PNG")
    image(os.path.join(root, "img", "c.png"), 130, fmt="PNG")
    write_jsonl(os.path.join(root, "train.jsonl"), [
        {"id": "q1", "image": "img/a.png", "question": "Is there a nodule?", "answer": "yes", "answer_type": "CLOSED", "question_type": "presence"},
        {"image": "img/a.png", "question": "Where is the nodule?", "answer": "right upper lobe"},
        "",
        {"id": 7, "images": ["img/b.png", "img/a.png"], "question": "Did it grow?", "answer": "No."},
    ])
    write_jsonl(os.path.join(root, "val.jsonl"), [{"id": "v1", "image": "img/c.png", "question": "What organ?", "answer": "lung"}])
    write_jsonl(os.path.join(root, "test.jsonl"), [{"id": "t1", "image": "img/c.png", "question": "Is it normal?", "answer": "yes"}])

    report = os.path.join(HERE, "jsonl-report")
    image(os.path.join(report, "x.png"), 70, fmt="PNG")
    write_jsonl(os.path.join(report, "train.jsonl"), [
        {"id": "r1", "image": "x.png", "report": "No acute cardiopulmonary process."},
        {"id": "r2", "images": ["x.png"], "answer": "Heart size is normal."},
        {"id": "r3", "image": "x.png", "report": "Lungs are clear."},
    ])
    write_jsonl(os.path.join(report, "validation.jsonl"), [{"id": "r4", "image": "x.png", "report": "Mild cardiomegaly."}])
    write_jsonl(os.path.join(report, "test.jsonl"), [{"id": "r5", "image": "x.png", "report": "No pleural effusion."}])

    broken = os.path.join(HERE, "jsonl-broken")
    image(os.path.join(broken, "ok.png"), 90, fmt="PNG")
    truncated_jpeg(os.path.join(broken, "cut.jpg"))
    write_jsonl(os.path.join(broken, "train.jsonl"), [
        {"id": "ok", "image": "ok.png", "question": "Is it normal?", "answer": "yes"},
        '{"id": "bad", "image": "ok.png", "question": "Broken line?", "answer": "ye',
        {"id": "noanswer", "image": "ok.png", "question": "Where?"},
        {"id": "noimage", "image": "gone.png", "question": "Where?", "answer": "left"},
        {"id": "cut", "image": "cut.jpg", "question": "Which lobe?", "answer": "upper"},
        {"id": "noquestion", "image": "ok.png", "answer": "left"},
    ])
    write_jsonl(os.path.join(broken, "test.jsonl"), [])


REPORTS = [
    "The heart size is normal. The lungs are clear. No pleural effusion or pneumothorax.",
    "Mild cardiomegaly. No focal consolidation. No acute osseous abnormality.",
    "Lungs are hyperinflated. No infiltrate. Heart and mediastinum are unremarkable.",
    "Small left pleural effusion. Otherwise clear lungs.",
]


def iu_xray():
    root = os.path.join(HERE, "iu-xray")
    annotation = {"train": [], "val": [], "test": []}
    cases = [("train", "CXR1000_IM-0003"), ("train", "CXR1001_IM-0004"), ("val", "CXR1002_IM-0005"), ("test", "CXR1003_IM-0006")]
    for n, (split, case) in enumerate(cases):
        for view in (0, 1):
            image(os.path.join(root, "images", case, f"{view}.png"), 40 + 50 * view, fmt="PNG")
        annotation[split].append({"id": case, "report": REPORTS[n], "image_path": [f"{case}/0.png", f"{case}/1.png"], "split": split})
    write_json(os.path.join(root, "annotation.json"), annotation)


def mimic_cxr():
    root = os.path.join(HERE, "mimic-cxr")
    annotation = {"train": [], "val": [], "test": []}
    studies = [("train", 10000032, 50414267, "02aa804e-bde0afdd-112c0b34-7bc16630-4e384014"),
               ("train", 10000032, 53189527, "2a2277a9-b0ded155-c0de8eb9-c124d10e-82c5caab"),
               ("val", 10000764, 57375967, "096052b7-d256dc40-453a102b-fa7d01c6-1b22c6b4"),
               ("test", 10000898, 50771383, "eed0c2c5-f0ad7a48-b1f2ee71-2dec3bde-3e58d0e4")]
    for n, (split, subject, study, dicom_id) in enumerate(studies):
        relative = f"p{str(subject)[:2]}/p{subject}/s{study}/{dicom_id}.jpg"
        image(os.path.join(root, "images", relative), 100 + 20 * n)
        annotation[split].append({"id": dicom_id, "study_id": study, "subject_id": subject, "report": REPORTS[n],
                                  "image_path": [relative], "split": split})
    write_json(os.path.join(root, "annotation.json"), annotation)


def builtin():
    root = os.path.join(HERE, "builtin-synthetic")
    write_json(os.path.join(root, "dataset.json"), {"name": "builtin-synthetic", "version": 1, "seed": 42, "sources": ["procedural phantoms"]})
    for n in range(4):
        image(os.path.join(root, "images", f"phantom_{n:04d}.png"), 30 + 40 * n, fmt="PNG")
    def row(n, question, answer, answer_type, question_type):
        return {"id": f"q{n}", "image": f"images/phantom_{n // 2:04d}.png", "question": question, "answer": answer,
                "answer_type": answer_type, "question_type": question_type}
    write_jsonl(os.path.join(root, "train.jsonl"), [row(0, "Is there a lesion?", "yes", "CLOSED", "abnormality"),
                                                    row(1, "How many lesions are there?", "2", "OPEN", "count"),
                                                    row(2, "What is the modality?", "ct", "OPEN", "modality")])
    write_jsonl(os.path.join(root, "validation.jsonl"), [row(4, "Is the lesion on the left?", "no", "CLOSED", "position")])
    write_jsonl(os.path.join(root, "test.jsonl"), [row(6, "Which plane is shown?", "axial", "OPEN", "plane")])
    write_json(os.path.join(root, "annotation.json"), {
        "train": [{"id": "r0", "report": "Axial CT phantom with two round lesions in the left upper region.", "image_path": ["phantom_0000.png"]}],
        "val": [{"id": "r1", "report": "Axial CT phantom without lesions.", "image_path": ["phantom_0002.png"]}],
        "test": [{"id": "r2", "report": "Axial CT phantom with one large lesion on the right.", "image_path": ["phantom_0003.png"]}],
    })


def pickles():
    """Plain values in every protocol the reader supports, the same value as JSON, and one object pickle."""
    root = os.path.join(HERE, "pickles")
    os.makedirs(root, exist_ok=True)
    shared = "shared string"
    value = [
        {"image": "train_0001", "question": "Is this " + "very " * 60 + "long?", "answer": "yes"},
        {"text": "Ünïcødé – 病理", "small": 7, "byte": 200, "short": 40000, "int": -123456, "big": 2 ** 40, "huge": -(2 ** 70),
         "float": 2.5, "none": None, "true": True, "false": False, "tuple": (1, "two", 3.0), "pair": (shared, shared),
         "nested": [[], {}, ()], "many": list(range(1100))},
    ]
    expected = json.loads(json.dumps(value, default=str).replace(str(-(2 ** 70)), '"' + str(-(2 ** 70)) + '"'))
    write_json(os.path.join(root, "values.json"), expected)
    for protocol in (2, 3, 4, 5):
        with open(os.path.join(root, f"values_p{protocol}.pkl"), "wb") as out:
            pickle.dump(value, out, protocol=protocol)
    import datetime
    with open(os.path.join(root, "object.pkl"), "wb") as out:
        pickle.dump([{"when": datetime.date(2020, 1, 2)}], out, protocol=4)


if __name__ == "__main__":
    pickles()
    vqa_rad()
    slake()
    pathvqa()
    jsonl()
    iu_xray()
    mimic_cxr()
    builtin()
