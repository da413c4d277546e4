"""The assessments app's views: periods, dossiers, the council, decisions, moves and procedure records."""
