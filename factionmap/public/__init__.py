"""The public shapes of factionmap's records and answers (``records``) and the functions that build them
(``convert``): what ``--json`` prints, what the API returns and what the JSON export holds, one shape each."""
