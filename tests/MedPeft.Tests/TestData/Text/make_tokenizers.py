#!/usr/bin/python3
"""Trains the tiny LLaMA-style SentencePiece model of this folder (BPE, byte fallback, digits split,
ids 0 <unk>, 1 <s>, 2 </s>) on a few made-up medical sentences, and records the ids that Google's
sentencepiece library gives for some texts (sentencepiece_reference.json). Run with Debian's
interpreter after `apt-get install python3-sentencepiece`:
    /usr/bin/python3 make_tokenizers.py
"""
import json
import os

import sentencepiece as spm

HERE = os.path.dirname(os.path.abspath(__file__))

CORPUS = [
    "USER: Is there a nodule in the left lung? ASSISTANT: yes",
    "USER: What organ is shown in this image? ASSISTANT: the liver",
    "[INST] Which plane is the image taken in? [/INST] axial",
    "Describe the findings of this image. The heart size is normal.",
    "The lungs are clear. There is no pleural effusion or pneumothorax.",
    "Is this a CT or an MRI scan? It is a CT scan of the abdomen.",
    "How many lesions are seen? There are 2 lesions in the right kidney.",
    "Is the abnormality on the left or the right side? The left side.",
    "What modality is used to take this image? MRI",
    "Where is the mass located? In the upper lobe of the right lung.",
    "Does the patient have cardiomegaly? No, the heart is normal in size.",
    "The mediastinum is unremarkable. No acute osseous abnormality.",
] * 4


def main():
    corpus = os.path.join(HERE, "corpus.tmp")
    with open(corpus, "w") as out:
        out.write("\n".join(CORPUS) + "\n")
    prefix = os.path.join(HERE, "tiny_llama")
    spm.SentencePieceTrainer.train(
        input=corpus, model_prefix=prefix, model_type="bpe", vocab_size=420, byte_fallback=True,
        split_digits=True, character_coverage=1.0, normalization_rule_name="identity", add_dummy_prefix=True,
        remove_extra_whitespaces=False, unk_id=0, bos_id=1, eos_id=2, pad_id=-1, minloglevel=2)
    os.remove(corpus)
    os.remove(prefix + ".vocab")
    os.rename(prefix + ".model", os.path.join(HERE, "tokenizer.model"))

    sp = spm.SentencePieceProcessor(model_file=os.path.join(HERE, "tokenizer.model"))
    texts = [
        "Is there a nodule in the left lung?",
        "USER: ",
        "\nIs there a nodule? ASSISTANT:",
        "\nIs there a nodule? ASSISTANT: yes",
        "\nWhat organ is shown in this image? ASSISTANT:",
        "\nWhat organ is shown in this image? ASSISTANT: the liver",
        "[INST] ",
        "\nWhat organ is shown in this image? [/INST]",
        "\nWhat organ is shown in this image? [/INST] the liver",
        "There are 12 lesions: é, 肺!",
    ]
    reference = {"generator": f"sentencepiece {spm.__version__}", "vocab_size": sp.vocab_size(),
                 "bos": sp.bos_id(), "eos": sp.eos_id(), "unk": sp.unk_id(),
                 "encodings": [{"text": t, "ids": sp.encode(t)} for t in texts]}
    with open(os.path.join(HERE, "sentencepiece_reference.json"), "w") as out:
        json.dump(reference, out, ensure_ascii=False, indent=1)
        out.write("\n")


if __name__ == "__main__":
    main()
