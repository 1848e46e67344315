namespace MedPeft.Data.Text;

/// <summary>
/// Removes the accents of Latin letters (é to e) where the runtime cannot: with invariant
/// globalization (set for this solution) string.Normalize does not decompose, so BERT's own accent
/// stripping leaves "café" whole and it becomes [UNK]. The table holds each letter of Latin-1 and
/// Latin Extended-A whose canonical decomposition is a base letter plus combining marks.
/// </summary>
static class LatinAccents
{
    const string Pairs = "ÀAÁAÂAÃAÄAÅAÇCÈEÉEÊEËEÌIÍIÎIÏIÑNÒOÓOÔOÕOÖOÙUÚUÛUÜUÝYàaáaâaãaäaåaçcèeéeêeëeìiíiîiïiñnòoóoôoõoöoùuúuûuüuýyÿyĀAāaĂAăaĄAąaĆCćcĈCĉcĊCċcČCčcĎDďdĒEēeĔEĕeĖEėeĘEęeĚEěeĜGĝgĞGğgĠGġgĢGģgĤHĥhĨIĩiĪIīiĬIĭiĮIįiİIĴJĵjĶKķkĹLĺlĻLļlĽLľlŃNńnŅNņnŇNňnŌOōoŎOŏoŐOőoŔRŕrŖRŗrŘRřrŚSśsŜSŝsŞSşsŠSšsŢTţtŤTťtŨUũuŪUūuŬUŭuŮUůuŰUűuŲUųuŴWŵwŶYŷyŸYŹZźzŻZżzŽZžz";

    static readonly Dictionary<char, char> Base = Enumerable.Range(0, Pairs.Length / 2).ToDictionary(i => Pairs[2 * i], i => Pairs[2 * i + 1]);

    /// <summary>Whether string.Normalize works in this process (it does not under invariant globalization).</summary>
    public static readonly bool RuntimeCanNormalize = "é".Normalize(System.Text.NormalizationForm.FormD).Length == 2;

    public static string Strip(string text)
    {
        if (!text.Any(Base.ContainsKey)) return text;
        return string.Create(text.Length, text, (span, source) =>
        {
            for (int i = 0; i < source.Length; i++) span[i] = Base.TryGetValue(source[i], out var b) ? b : source[i];
        });
    }
}
