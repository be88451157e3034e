namespace EdgeCrab.Tests.Support;

/// <summary>
/// A real PNG for upload specs: 2x2 red pixels, 73 bytes, a different size from the emulator's own 1x1 sample, so an
/// answer that gives its size proves the uploaded bytes travelled and not the sample.
/// </summary>
internal static class SmallPng
{
    public static readonly byte[] Bytes = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEElEQVR4nGP4z8AARAwQCgAf7gP9i18U1AAAAABJRU5ErkJggg==");
}
