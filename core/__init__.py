"""Settings, database and the command line shared by the bot and the admin."""
