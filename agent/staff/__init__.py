"""How the agent handles mail from the studio's own staff."""
