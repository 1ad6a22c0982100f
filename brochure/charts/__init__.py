"""Charts and key figures: chart specs -> reportlab.graphics Drawings, drawn in the layout's palette."""
