namespace IkmaWorkflow.Programmes.Documents;

/// <summary>A removed part as the API shows it, said in English and Indonesian.</summary>
/// <param name="Part">The part's name.</param>
/// <param name="English">What was removed, in English.</param>
/// <param name="Indonesian">What was removed, in Indonesian.</param>
public sealed record RemovedPartView(string Part, string English, string Indonesian)
{
    /// <summary>The view of <paramref name="part"/>.</summary>
    public static RemovedPartView Of(RemovedPart part) => part switch
    {
        RemovedPart.Exif => new(part.ToString(), "EXIF metadata (camera, time taken and any GPS location) was removed before storing.", "Metadata EXIF (kamera, waktu pengambilan dan lokasi GPS bila ada) dihapus sebelum disimpan."),
        RemovedPart.Xmp => new(part.ToString(), "XMP metadata (which can also hold a location) was removed before storing.", "Metadata XMP (yang juga dapat memuat lokasi) dihapus sebelum disimpan."),
        RemovedPart.OtherMetadata => new(part.ToString(), "Another APP1 metadata block was removed before storing.", "Blok metadata APP1 lain dihapus sebelum disimpan."),
        _ => new(part.ToString(), "Data after the end of the image (such as an embedded video or another file) was removed before storing.", "Data setelah akhir gambar (seperti video tertanam atau berkas lain) dihapus sebelum disimpan."),
    };
}
