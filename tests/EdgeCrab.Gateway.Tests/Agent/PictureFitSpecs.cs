using System.Buffers.Binary;
using EdgeCrab.Gateway.Agent;
using SkiaSharp;
using Xunit;

namespace EdgeCrab.Gateway.Tests.Agent;

/// <summary>Pictures are made to fit what a model takes, on real encoded images (Skia encodes them, Skia reads the result back).</summary>
public sealed class PictureFitSpecs
{
    private static byte[] Encode(int width, int height, SKEncodedImageFormat format, Func<int, int, SKColor> pixel, int quality = 100)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        // Written straight into the pixel memory (RGBA, row by row): SetPixel is far too slow for millions of pixels.
        var pixels = bitmap.GetPixelSpan();
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
            {
                var color = pixel(x, y);
                var at = (y * width + x) * 4;
                (pixels[at], pixels[at + 1], pixels[at + 2], pixels[at + 3]) = (color.Red, color.Green, color.Blue, color.Alpha);
            }
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format, quality);
        return data.ToArray();
    }

    private static (int Width, int Height, SKEncodedImageFormat Format) Read(byte[] bytes)
    {
        using var codec = SKCodec.Create(new MemoryStream(bytes));
        Assert.NotNull(codec);
        return (codec.Info.Width, codec.Info.Height, codec.EncodedFormat);
    }

    private static SKColor Gradient(int x, int y) => new((byte)(x % 256), (byte)(y % 256), 128);

    [Fact]
    public void A_picture_that_fits_should_pass_untouched()
    {
        var png = Encode(640, 480, SKEncodedImageFormat.Png, Gradient);
        var fitted = PictureFit.Fit(png, "image/png", 5 * 1024 * 1024);
        Assert.NotNull(fitted);
        Assert.False(fitted.Scaled);
        Assert.Same(png, fitted.Bytes);
        Assert.Equal("image/png", fitted.MediaType);
    }

    [Fact]
    public void A_picture_wider_than_the_longest_side_should_be_scaled_down_keeping_its_shape()
    {
        var png = Encode(4096, 1024, SKEncodedImageFormat.Png, Gradient);
        var fitted = PictureFit.Fit(png, "image/png", 5 * 1024 * 1024)!;
        Assert.True(fitted.Scaled);
        Assert.Equal("image/jpeg", fitted.MediaType);
        Assert.Equal((PictureFit.MaxSide, 512, SKEncodedImageFormat.Jpeg), Read(fitted.Bytes));
    }

    [Fact]
    public void A_transparent_picture_should_stay_a_png_when_scaled()
    {
        var png = Encode(3000, 3000, SKEncodedImageFormat.Png, (x, y) => x < 1500 ? SKColors.Transparent : SKColors.Red);
        var fitted = PictureFit.Fit(png, "image/png", 5 * 1024 * 1024)!;
        Assert.Equal("image/png", fitted.MediaType);
        Assert.Equal((PictureFit.MaxSide, PictureFit.MaxSide, SKEncodedImageFormat.Png), Read(fitted.Bytes));
    }

    [Fact]
    public void A_picture_heavier_than_the_limit_should_be_re_encoded_until_it_fits()
    {
        // Noise barely compresses: a 1500 × 1500 noise JPEG at full quality weighs well over 200 KiB.
        var random = new Random(7);
        var noisy = Encode(1500, 1500, SKEncodedImageFormat.Jpeg, (_, _) => new SKColor((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256)));
        const int limit = 200 * 1024;
        Assert.True(noisy.Length > limit, $"{noisy.Length} bytes");
        var fitted = PictureFit.Fit(noisy, "image/jpeg", limit)!;
        Assert.True(fitted.Scaled);
        Assert.InRange(fitted.Bytes.Length, 1, limit);
        Assert.Equal(SKEncodedImageFormat.Jpeg, Read(fitted.Bytes).Format);
    }

    [Fact]
    public void Bytes_that_are_no_picture_should_not_fit()
    {
        Assert.Null(PictureFit.Fit("%PDF-1.7 not a picture at all"u8.ToArray(), "image/png", 5 * 1024 * 1024));
        Assert.Null(PictureFit.Fit([], "image/png", 5 * 1024 * 1024));
    }

    [Fact]
    public void A_small_file_claiming_billions_of_pixels_should_be_refused_undecoded()
    {
        var png = Encode(1, 1, SKEncodedImageFormat.Png, (_, _) => SKColors.Blue);
        // The PNG's header (IHDR, at byte 16) now claims 100 000 × 100 000 pixels, with its checksum made right.
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(16), 100_000);
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(20), 100_000);
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(29), Crc32(png.AsSpan(12, 17)));
        Assert.Null(PictureFit.Fit(png, "image/png", 5 * 1024 * 1024));
    }

    // PNG's CRC-32 (ISO 3309), over a chunk's type and data.
    private static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
        }
        return ~crc;
    }
}
