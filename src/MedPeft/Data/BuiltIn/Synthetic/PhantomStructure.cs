namespace MedPeft.Data.BuiltIn.Synthetic;

/// <summary>
/// One drawn part of a phantom: a union of ellipses of one tissue, painted over what was drawn before it.
/// </summary>
/// <param name="Organ">The organ name questions use ("lungs", "brain"), or null for body wall, vessels and the like.</param>
/// <param name="Location">Where a lesion inside this part is said to be ("left lung", "liver"), or null if lesions are never placed here.</param>
/// <param name="Depth">X-ray path length through the part at its centre, in units of the body's depth.</param>
internal sealed record PhantomStructure(string Name, Tissue Tissue, IReadOnlyList<Ellipse> Parts,
    string? Organ = null, string? Location = null, double Depth = 0.3);

/// <summary>A lesion placed in a host part of the phantom.</summary>
/// <param name="Location">The host's location ("left kidney").</param>
/// <param name="HostTissue">Tissue the lesion replaces; its contrast is set relative to this.</param>
/// <param name="Kind">"nodule" (solid, brighter than its host) or "cyst" (fluid, darker, thin rim).</param>
/// <param name="Shape">"round" or "irregular" (lobulated).</param>
/// <param name="DiameterMm">Largest extent, in millimetres.</param>
/// <param name="Vertical">"upper" or "lower": which half of the host (split at the host's centroid row) holds the lesion's centre.</param>
internal sealed record PhantomLesion(string Location, Tissue HostTissue, string Kind, string Shape, double DiameterMm,
    double CenterX, double CenterY, string Vertical, IReadOnlyList<Ellipse> Parts);
