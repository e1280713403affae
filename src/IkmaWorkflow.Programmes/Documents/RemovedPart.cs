namespace IkmaWorkflow.Programmes.Documents;

/// <summary>A part of an uploaded image taken out before it is stored, because it can tell where and when a photo was taken.</summary>
public enum RemovedPart
{
    /// <summary>An EXIF block (JPEG APP1, PNG <c>eXIf</c> or raw-profile text, WebP <c>EXIF</c>): camera, time, GPS location.</summary>
    Exif,

    /// <summary>An XMP block (JPEG APP1, PNG <c>iTXt</c>, WebP <c>XMP </c>), which can hold a location too.</summary>
    Xmp,

    /// <summary>Another JPEG APP1 block, of a kind the app does not read.</summary>
    OtherMetadata,

    /// <summary>Bytes after the image's end (such as a phone's motion-photo video, or another file appended).</summary>
    TrailingData,
}
