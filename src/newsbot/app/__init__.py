"""The live service behind the bot, and the library facade the command line uses."""
