using SkiaSharp;

namespace EdgeCrab.Gateway.Agent;

/// <summary>A picture as the model gets it: its bytes and media type, and whether it had to be scaled down.</summary>
public sealed record FittedPicture(byte[] Bytes, string MediaType, bool Scaled);

/// <summary>
/// Makes a picture fit what models take: at most <see cref="MaxSide"/> pixels on its longest side (OpenAI's own
/// limit; larger ones are scaled down by the provider anyway, after being paid for in upload) and at most a given
/// number of bytes. A picture that already fits is passed on untouched; one that does not is scaled down and
/// re-encoded (PNG when it has transparency, else JPEG), with the quality lowered until it fits.
/// </summary>
/// <remarks>
/// A picture's header is read before its pixels: one that claims more than <see cref="MaxPixels"/> is refused
/// undecoded, so a small crafted file cannot make the gateway allocate gigabytes.
/// </remarks>
public static class PictureFit
{
    public const int MaxSide = 2048;

    /// <summary>About 50 megapixels (a 8660 × 5773 photo): more than any phone takes, far less than a decompression bomb.</summary>
    public const long MaxPixels = 50_000_000;

    private static readonly int[] JpegQualities = [85, 70, 50];

    /// <summary>The picture made to fit, or null when it cannot be read as a picture (or claims too many pixels).</summary>
    public static FittedPicture? Fit(byte[] bytes, string mediaType, long maxBytes)
    {
        using var data = SKData.CreateCopy(bytes);
        using var codec = SKCodec.Create(data);
        if (codec is null) return null;
        var (width, height) = (codec.Info.Width, codec.Info.Height);
        if (width <= 0 || height <= 0 || (long)width * height > MaxPixels) return null;
        if (bytes.Length <= maxBytes && Math.Max(width, height) <= MaxSide) return new FittedPicture(bytes, mediaType, Scaled: false);

        using var decoded = SKBitmap.Decode(codec, codec.Info.WithAlphaType(codec.Info.AlphaType == SKAlphaType.Opaque ? SKAlphaType.Opaque : SKAlphaType.Premul));
        if (decoded is null) return null;
        var transparent = decoded.AlphaType != SKAlphaType.Opaque && HasTransparency(decoded);
        for (var scale = Math.Min(1.0, (double)MaxSide / Math.Max(width, height)); ; scale /= 2)
        {
            var size = new SKImageInfo(Math.Max(1, (int)Math.Round(width * scale)), Math.Max(1, (int)Math.Round(height * scale)));
            using var resized = decoded.Resize(size, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
            if (resized is null) return null;
            using var image = SKImage.FromBitmap(resized);
            if (transparent)
            {
                using var png = image.Encode(SKEncodedImageFormat.Png, 100);
                if (png.Size <= maxBytes) return new FittedPicture(png.ToArray(), "image/png", Scaled: true);
            }
            else
            {
                foreach (var quality in JpegQualities)
                {
                    using var jpeg = image.Encode(SKEncodedImageFormat.Jpeg, quality);
                    if (jpeg.Size <= maxBytes) return new FittedPicture(jpeg.ToArray(), "image/jpeg", Scaled: true);
                }
            }
            // Not even the lowest quality fits: halve the sides again (a 1-pixel picture always fits in the end).
            if (size.Width == 1 && size.Height == 1) return null;
        }
    }

    // Only a picture whose pixels really use transparency stays PNG: most screenshots carry an alpha channel they never use.
    private static bool HasTransparency(SKBitmap bitmap)
    {
        var step = Math.Max(1, (int)Math.Sqrt((double)bitmap.Width * bitmap.Height / 250_000));
        for (var y = 0; y < bitmap.Height; y += step)
            for (var x = 0; x < bitmap.Width; x += step)
                if (bitmap.GetPixel(x, y).Alpha < 255) return true;
        return false;
    }
}
