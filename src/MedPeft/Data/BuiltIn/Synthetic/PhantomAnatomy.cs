namespace MedPeft.Data.BuiltIn.Synthetic;

/// <summary>
/// The drawn anatomy of each body region, plane and slice level, in paint order (later parts cover
/// earlier ones). Coordinates are normalised (see <see cref="PhantomFrame"/>); the image's left is
/// the patient's right (radiological convention), so the liver is drawn on the image's left.
/// </summary>
static class PhantomAnatomy
{
    /// <summary>Slice levels of axial images; coronal images and x-rays have one level each.</summary>
    public const string VentricleLevel = "lateral ventricles", OrbitLevel = "orbits",
        UpperAbdomenLevel = "liver and spleen", KidneyLevel = "kidneys";

    public static IReadOnlyList<PhantomStructure> Build(string region, string plane, string modality, string? level, PhantomFrame frame, DeterministicRandom random)
    {
        var parts = new List<PhantomStructure>();
        void Add(string name, Tissue tissue, string? organ, string? location, double depth, params Ellipse[] ellipses) =>
            parts.Add(new PhantomStructure(name, tissue, ellipses, organ, location, depth));

        switch (region, plane)
        {
            case ("head", "axial") when level == OrbitLevel:
                Add("scalp", Tissue.Muscle, null, null, 1, frame.Exact(0, 0, 0.72, 0.9));
                Add("skull", Tissue.Bone, "skull", null, 0.2, frame.Exact(0, 0, 0.68, 0.86));
                Add("nasal cavity", Tissue.Air, null, null, 0.3, frame.Place(0, -0.6, 0.1, 0.22));
                Add("csf", Tissue.Csf, null, null, 0.8, frame.Exact(0, 0.12, 0.6, 0.66));
                Hemispheres(0.12, 0.27, 0.6, 0.21, 0.42);
                Add("right eye", Tissue.Eye, "eyes", null, 0.2, frame.Place(-0.3, -0.64, 0.14, 0.14, jitter: 0.01));
                Add("left eye", Tissue.Eye, "eyes", null, 0.2, frame.Place(0.3, -0.64, 0.14, 0.14, jitter: 0.01));
                break;
            case ("head", "axial"):
                Add("scalp", Tissue.Muscle, null, null, 1, frame.Exact(0, 0, 0.74, 0.9));
                Add("skull", Tissue.Bone, "skull", null, 0.2, frame.Exact(0, 0, 0.7, 0.86));
                Add("csf", Tissue.Csf, null, null, 0.8, frame.Exact(0, 0, 0.65, 0.81));
                Hemispheres(0, 0.32, 0.79, 0.23, 0.6);
                Ventricles(-0.04, 0.06, 0.24);
                break;
            case ("head", "coronal"):
                Add("scalp", Tissue.Muscle, null, null, 1, frame.Exact(0, -0.12, 0.74, 0.82), frame.Exact(0, 0.72, 0.36, 0.42));
                Add("skull", Tissue.Bone, "skull", null, 0.2, frame.Exact(0, -0.14, 0.7, 0.76));
                Add("csf", Tissue.Csf, null, null, 0.8, frame.Exact(0, -0.14, 0.65, 0.71));
                Add("brainstem", Tissue.WhiteMatter, "brain", null, 0.3, frame.Exact(0, 0.5, 0.13, 0.32));
                Hemispheres(-0.17, 0.32, 0.56, 0.22, 0.4);
                Ventricles(-0.12, 0.05, 0.15);
                break;
            case ("chest", "axial"):
                Add("body fat", Tissue.Fat, null, null, 1, frame.Exact(0, 0, 0.92, 0.62));
                Add("chest wall", Tissue.Muscle, null, null, 1, frame.Exact(0, 0, 0.86, 0.56));
                Add("right lung", Tissue.Lung, "lungs", "right lung", 0.7, frame.Place(-0.41, -0.02, 0.33, 0.42));
                Add("left lung", Tissue.Lung, "lungs", "left lung", 0.7, frame.Place(0.42, -0.02, 0.31, 0.42));
                Add("heart", Tissue.Blood, "heart", null, 0.5, frame.Place(0.1, -0.13, 0.25, 0.22, tilt: 0.3));
                Add("aorta", Tissue.Blood, null, null, 0.1, frame.Place(0.1, 0.27, 0.06, 0.06, jitter: 0.005));
                Spine(0.42);
                Add("sternum", Tissue.Bone, null, null, 0.1, frame.Exact(0, -0.53, 0.07, 0.025));
                break;
            case ("chest", "coronal") when modality == "x-ray":
                Add("body", Tissue.Muscle, null, null, 1, frame.Exact(0, 0.08, 0.9, 0.98));
                Add("spine", Tissue.Bone, "spine", null, 0.25, frame.Exact(0, 0.05, 0.07, 1.0));
                for (var i = 0; i < 6; i++)
                {
                    var y = -0.62 + 0.19 * i;
                    Add("right rib", Tissue.Bone, null, null, 0.03, frame.Exact(-0.4, y, 0.36, 0.022, tilt: 0.28));
                    Add("left rib", Tissue.Bone, null, null, 0.03, frame.Exact(0.4, y, 0.36, 0.022, tilt: -0.28));
                }
                Add("right clavicle", Tissue.Bone, null, null, 0.06, frame.Exact(-0.33, -0.74, 0.3, 0.035, tilt: -0.15));
                Add("left clavicle", Tissue.Bone, null, null, 0.06, frame.Exact(0.33, -0.74, 0.3, 0.035, tilt: 0.15));
                ChestCoronalOrgans();
                break;
            case ("chest", "coronal"):
                Add("body fat", Tissue.Fat, null, null, 1, frame.Exact(0, 0.08, 0.92, 0.98));
                Add("chest wall", Tissue.Muscle, null, null, 1, frame.Exact(0, 0.08, 0.86, 0.93));
                ChestCoronalOrgans();
                Add("trachea", Tissue.Air, null, null, 0.05, frame.Exact(0, -0.6, 0.04, 0.28));
                break;
            case ("abdomen", "axial") when level == KidneyLevel:
                AbdominalWall(0.9, 0.66);
                Add("liver", Tissue.Liver, "liver", "liver", 0.5, frame.Place(-0.5, -0.08, 0.24, 0.3));
                Add("right kidney", Tissue.Kidney, "kidneys", "right kidney", 0.3, frame.Place(-0.38, 0.24, 0.15, 0.21, tilt: -0.35, jitter: 0.01));
                Add("left kidney", Tissue.Kidney, "kidneys", "left kidney", 0.3, frame.Place(0.38, 0.24, 0.15, 0.21, tilt: 0.35, jitter: 0.01));
                BowelLoops(6, -0.2, 0.45, -0.45, -0.05);
                Add("aorta", Tissue.Blood, null, null, 0.1, frame.Place(0.07, 0.26, 0.055, 0.055, jitter: 0.005));
                Spine(0.43);
                break;
            case ("abdomen", "axial"):
                AbdominalWall(0.9, 0.68);
                Add("liver", Tissue.Liver, "liver", "liver", 0.6, frame.Place(-0.33, -0.08, 0.45, 0.42));
                Add("stomach", Tissue.Stomach, "stomach", null, 0.3, frame.Place(0.26, -0.25, 0.24, 0.18));
                Add("spleen", Tissue.Spleen, "spleen", "spleen", 0.3, frame.Place(0.55, 0.16, 0.17, 0.25, tilt: -0.3, jitter: 0.01));
                Add("aorta", Tissue.Blood, null, null, 0.1, frame.Place(0.07, 0.27, 0.055, 0.055, jitter: 0.005));
                Spine(0.45);
                break;
            case ("abdomen", "coronal"):
                AbdominalWall(0.88, 0.95);
                Add("liver", Tissue.Liver, "liver", "liver", 0.6, frame.Place(-0.35, -0.42, 0.46, 0.36, tilt: 0.15));
                Add("spleen", Tissue.Spleen, "spleen", "spleen", 0.3, frame.Place(0.52, -0.42, 0.17, 0.26, tilt: 0.3, jitter: 0.01));
                Add("stomach", Tissue.Stomach, "stomach", null, 0.3, frame.Place(0.2, -0.42, 0.17, 0.15));
                Add("right kidney", Tissue.Kidney, "kidneys", "right kidney", 0.3, frame.Place(-0.36, 0.24, 0.15, 0.24, tilt: 0.15, jitter: 0.01));
                Add("left kidney", Tissue.Kidney, "kidneys", "left kidney", 0.3, frame.Place(0.36, 0.16, 0.15, 0.24, tilt: -0.15, jitter: 0.01));
                CoronalSpine(-0.2, 0.85);
                BowelLoops(3, -0.5, -0.2, 0.55, 0.8);
                BowelLoops(3, 0.2, 0.5, 0.55, 0.8);
                break;
            default:
                throw new ArgumentException($"no phantom anatomy for {region} {plane}");
        }
        return parts;

        void Hemispheres(double centerY, double radiusX, double radiusY, double whiteX, double whiteY)
        {
            foreach (var (sign, side) in new[] { (-1.0, "right"), (1.0, "left") })
            {
                var cortex = frame.Exact(sign * (radiusX + 0.005), centerY, radiusX, radiusY);
                var white = frame.Place(sign * (radiusX - 0.02), centerY, whiteX, whiteY, jitter: 0.01);
                Add($"{side} hemisphere cortex", Tissue.GreyMatter, "brain", $"{side} hemisphere", 0.4, cortex);
                Add($"{side} hemisphere white matter", Tissue.WhiteMatter, "brain", $"{side} hemisphere", 0.3, white);
            }
        }

        void Ventricles(double centerY, double radiusX, double radiusY)
        {
            Add("right lateral ventricle", Tissue.Csf, "lateral ventricles", null, 0.1, frame.Place(-0.1, centerY, radiusX, radiusY, tilt: 0.15, jitter: 0.01));
            Add("left lateral ventricle", Tissue.Csf, "lateral ventricles", null, 0.1, frame.Place(0.1, centerY, radiusX, radiusY, tilt: -0.15, jitter: 0.01));
        }

        void ChestCoronalOrgans()
        {
            Add("right lung", Tissue.Lung, "lungs", "right lung", 0.7, frame.Place(-0.4, -0.14, 0.3, 0.58));
            Add("left lung", Tissue.Lung, "lungs", "left lung", 0.7, frame.Place(0.41, -0.14, 0.28, 0.58));
            Add("heart", Tissue.Blood, "heart", null, 0.5, frame.Place(0.1, 0.24, 0.3, 0.24, tilt: -0.25));
            Add("diaphragm", Tissue.Muscle, null, null, 0.6, frame.Exact(-0.4, 0.66, 0.36, 0.2), frame.Exact(0.4, 0.7, 0.36, 0.18));
        }

        void Spine(double centerY)
        {
            Add("vertebra", Tissue.Bone, "spine", null, 0.2, frame.Exact(0, centerY, 0.1, 0.09));
            Add("marrow", Tissue.Marrow, "spine", null, 0.1, frame.Exact(0, centerY, 0.075, 0.065));
            Add("spinal canal", Tissue.Csf, null, null, 0.05, frame.Exact(0, centerY + 0.12, 0.035, 0.035));
        }

        void AbdominalWall(double radiusX, double radiusY)
        {
            Add("body fat", Tissue.Fat, null, null, 1, frame.Exact(0, 0, radiusX, radiusY));
            Add("abdominal wall", Tissue.Muscle, null, null, 1, frame.Exact(0, 0, radiusX - 0.06, radiusY - 0.06));
            Add("visceral fat", Tissue.Fat, null, null, 1, frame.Exact(0, 0, radiusX - 0.11, radiusY - 0.11));
        }

        void CoronalSpine(double top, double bottom)
        {
            for (var y = top; y < bottom; y += 0.16)
            {
                Add("vertebra", Tissue.Bone, "spine", null, 0.2, frame.Exact(0, y, 0.1, 0.065));
                Add("marrow", Tissue.Marrow, "spine", null, 0.1, frame.Exact(0, y, 0.08, 0.045));
            }
        }

        void BowelLoops(int count, double x0, double x1, double y0, double y1)
        {
            for (var i = 0; i < count; i++)
            {
                var loop = frame.Place(random.Uniform(x0, x1), random.Uniform(y0, y1), random.Uniform(0.05, 0.09), random.Uniform(0.05, 0.09), jitter: 0);
                Add("bowel loop", Tissue.Bowel, null, null, 0.1, loop);
            }
        }
    }
}
