namespace MedPeft.Planning;

/// <summary>
/// Floating-point operations of one training step (forward, backward, recomputation), counting the products of
/// linear layers, convolutions and attention, which are nearly all of a transformer's work.
/// </summary>
internal static class StepFlops
{
    /// <param name="stacks">The model's layers in forward order.</param>
    /// <param name="keeps">Whether the backward pass runs through each stack's component.</param>
    public static double Of(IReadOnlyList<LayerStack> stacks, ParameterCounts counts, Func<string, bool> keeps, int batch, bool checkpointing)
    {
        double forward = 0, backward = 0, recompute = 0;
        foreach (var component in stacks.Select(s => s.Component).Distinct())
        {
            var mine = stacks.Where(s => s.Component == component).ToList();
            // A linear layer's token multiplies its weight once: 2 operations per weight element.
            long tokens = batch * mine[^1].Tokens;
            double linear = 2.0 * tokens * counts.LinearWeights[component];
            double other = mine.Sum(s => batch * (double)s.Layers * Products(s));
            forward += linear + other;
            if (!keeps(component)) continue;
            // Input gradients cost what the forward products cost, weight gradients as much again for the trainable weights.
            backward += linear + other + 2.0 * tokens * counts.TrainableLinearWeights[component];
            if (checkpointing) recompute += linear + other;
        }
        return forward + backward + recompute;
    }

    // Per sample and layer: attention's two products (q kᵀ and p v) over every query and key, or a convolution stage's
    // 3x3 convolutions (two per block), or the stem's 7x7 one over the image's three channels.
    static double Products(LayerStack s) => s.Kind switch
    {
        LayerKind.Transformer or LayerKind.GatedTransformer => 4.0 * s.Tokens * (s.Tokens + s.CrossTokens) * s.Width,
        LayerKind.ConvolutionStage => 2 * 2.0 * 9 * s.Width * s.Width * s.Tokens,
        LayerKind.ConvolutionStem => 2.0 * 7 * 7 * 3 * s.Width * s.Tokens,
        _ => 0,
    };
}
