namespace MedPeft.Data.BuiltIn;

/// <summary>
/// The wording of every question and the answer it has for an image. A closed question is built
/// for a chosen answer ("yes" or "no"): the "no" form names something the image does not show, and
/// the wrong option is chosen so that each wording is answered "yes" about as often as "no" over
/// the dataset (its answer cannot be guessed from the words).
/// </summary>
internal static class QuestionTemplates
{
    static readonly string[] CountWords = ["zero", "one", "two", "three"];

    /// <summary>Whether a question of this type and form can be asked about the image.</summary>
    public static bool Applies(string type, bool closed, ImageFacts facts, QuestionVocabulary vocabulary) => type switch
    {
        QuestionTypes.Modality => !closed || vocabulary.Modalities.Count > 1,
        QuestionTypes.Plane => facts.Plane is not null && (!closed || vocabulary.Planes.Count > 1),
        QuestionTypes.Organ => closed ? facts.Organs.Count > 0 && facts.OrgansAbsent(vocabulary).Count > 0 : facts.Region is not null,
        QuestionTypes.Position or QuestionTypes.Size => facts.Lesions is not null,
        QuestionTypes.Count => facts.LesionCount < CountWords.Length,
        QuestionTypes.Abnormality => true,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown question type"),
    };

    /// <summary>The answer of the open question of this type.</summary>
    public static string OpenAnswer(string type, ImageFacts facts) => type switch
    {
        QuestionTypes.Modality => facts.Modality,
        QuestionTypes.Plane => facts.Plane!,
        QuestionTypes.Organ => facts.Region!,
        QuestionTypes.Position => facts.Lesions!.Location,
        QuestionTypes.Size => facts.Lesions!.SizeClass,
        QuestionTypes.Count => CountWords[facts.LesionCount],
        QuestionTypes.Abnormality => facts.Lesions?.Kind ?? "none",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown question type"),
    };

    public static string OpenQuestion(string type, ImageFacts facts, DeterministicRandom random)
    {
        var plural = facts.LesionCount > 1;
        var lesion = plural ? "lesions" : "lesion";
        var be = plural ? "are" : "is";
        return random.Pick<string>(type switch
        {
            QuestionTypes.Modality => ["what modality is used to take this image?", "which imaging modality was used?"],
            QuestionTypes.Plane => ["in which plane is this image taken?", "what is the scanning plane of this image?"],
            QuestionTypes.Organ => ["which part of the body does this image show?", "what body region is shown?"],
            QuestionTypes.Position => [$"where {be} the {lesion} located?", $"where {be} the {lesion} found?"],
            QuestionTypes.Size => [$"how large {be} the {lesion}?", $"what is the size of the {lesion}?"],
            QuestionTypes.Count => ["how many lesions are in this image?", "how many lesions can be seen?"],
            QuestionTypes.Abnormality => ["what abnormality is seen in this image?", "what is abnormal in this image?"],
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown question type"),
        });
    }

    /// <summary>A closed question about the image whose answer is "yes" when <paramref name="yes"/>, else "no".</summary>
    /// <param name="aboutLesion">For <see cref="QuestionTypes.Abnormality"/>: ask about the lesion's kind or shape instead of normal/abnormal.</param>
    public static string ClosedQuestion(string type, bool yes, ImageFacts facts, QuestionVocabulary vocabulary, DeterministicRandom random, bool aboutLesion = false)
    {
        switch (type)
        {
            case QuestionTypes.Modality:
            {
                var modality = yes ? facts.Modality : Other(vocabulary.Modalities, facts.Modality, random);
                return random.Pick([$"is this {QuestionWords.Article(modality)} {modality} image?", $"was this image taken with {modality}?"]);
            }
            case QuestionTypes.Plane:
            {
                var plane = yes ? facts.Plane! : Other(vocabulary.Planes, facts.Plane!, random);
                return random.Pick([$"is this image in the {plane} plane?", $"is this {QuestionWords.Article(plane)} {plane} view?"]);
            }
            case QuestionTypes.Organ:
            {
                var organ = yes ? random.Pick(facts.Organs) : random.Pick(facts.OrgansAbsent(vocabulary));
                var be = organ.EndsWith('s') ? "are" : "is";
                return random.Pick([$"does this image show the {organ}?", $"{be} the {organ} visible in this image?"]);
            }
            case QuestionTypes.Position:
                return PositionQuestion(yes, facts, vocabulary, random);
            case QuestionTypes.Size:
            {
                var large = (facts.Lesions!.SizeClass == "large") == yes;
                var (lesion, be) = Subject(facts);
                return large
                    ? random.Pick([$"{be} the {lesion} large?", $"{be} the {lesion} larger than 2 cm?"])
                    : random.Pick([$"{be} the {lesion} small?", $"{be} the {lesion} smaller than 2 cm?"]);
            }
            case QuestionTypes.Count:
                return CountQuestion(yes ? facts.LesionCount : WrongCount(facts.LesionCount, random));
            case QuestionTypes.Abnormality:
                return AbnormalityQuestion(yes, facts, aboutLesion, random);
            default:
                throw new ArgumentOutOfRangeException(nameof(type), type, "unknown question type");
        }
    }

    static string PositionQuestion(bool yes, ImageFacts facts, QuestionVocabulary vocabulary, DeterministicRandom random)
    {
        var lesions = facts.Lesions!;
        var (lesion, be) = Subject(facts);
        var forms = lesions.Vertical is null ? 2 : 3;
        switch (random.NextInt(forms))
        {
            case 0:
                var others = facts.Sites.Where(site => site != lesions.Location).ToList();
                var site = yes ? lesions.Location : Other(others.Count > 0 ? others : vocabulary.Sites, lesions.Location, random);
                return $"{be} the {lesion} in the {site}?";
            case 1:
                var side = yes ? lesions.Side : QuestionWords.Opposite(lesions.Side, "left", "right");
                return $"{be} the {lesion} on the {side} side of the body?";
            default:
                var half = yes ? lesions.Vertical! : QuestionWords.Opposite(lesions.Vertical!, "upper", "lower");
                return $"{be} the {lesion} in the {half} part of the {lesions.Location}?";
        }
    }

    /// <summary>
    /// The wrong count a "no" question names. Half the images are normal and the rest have 1–3
    /// lesions equally often; asking "none?" about every abnormal image and a uniformly chosen
    /// 1–3 about every normal one makes each wording "yes" exactly as often as "no".
    /// </summary>
    static int WrongCount(int count, DeterministicRandom random) => count == 0 ? 1 + random.NextInt(CountWords.Length - 1) : 0;

    static string CountQuestion(int count) => count switch
    {
        0 => "are there no lesions in this image?",
        1 => "is there exactly one lesion?",
        _ => $"are there exactly {CountWords[count]} lesions?",
    };

    /// <summary>Abnormal or normal, for any image; or, for an abnormal one (<paramref name="aboutLesion"/>), the lesion's kind or shape.</summary>
    static string AbnormalityQuestion(bool yes, ImageFacts facts, bool aboutLesion, DeterministicRandom random)
    {
        if (!aboutLesion)
        {
            return facts.Abnormal == yes
                ? random.Pick(["is this image abnormal?", "is there a lesion in this image?"])
                : random.Pick(["is this image normal?", "does this image look normal?"]);
        }
        var lesions = facts.Lesions!;
        var (lesion, be) = Subject(facts);
        if (random.NextBool())
        {
            var kind = yes ? lesions.Kind : QuestionWords.Opposite(lesions.Kind, "nodule", "cyst");
            return facts.LesionCount > 1 ? $"are the lesions {kind}s?" : $"is the lesion a {kind}?";
        }
        var shape = yes ? lesions.Shape : QuestionWords.Opposite(lesions.Shape, "round", "irregular");
        return $"{be} the {lesion} {shape} in shape?";
    }

    static (string Lesion, string Be) Subject(ImageFacts facts) => facts.LesionCount > 1 ? ("lesions", "are") : ("lesion", "is");

    static string Other(IReadOnlyList<string> options, string truth, DeterministicRandom random) =>
        random.Pick(options.Where(option => option != truth).ToList());

}
