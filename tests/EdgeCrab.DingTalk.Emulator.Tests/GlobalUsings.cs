global using EdgeCrab.DingTalk.Emulator.Tests.Support;
global using Xunit;
