"""Charts drawn once and used everywhere: SVG for the web and the PDF, PNG for DOCX."""

from .bars import GroupedBarChart
from .base import Series
from .heatmap import SUPPRESSED, HeatCell, HeatMap
from .lines import LineChart
from .portfolio import PortfolioItem, PortfolioMatrix
from .radar import RadarChart
from .ranges import PeerRange, RangeChart
from .roadmap import Milestone, Quarter, RoadmapChart, RoadmapItem
from .stacked import StackedBarChart
from .stakeholders import PowerInterestGrid, Stakeholder
from .trajectory import TrajectoryChart

__all__ = [
    "SUPPRESSED",
    "GroupedBarChart",
    "HeatCell",
    "HeatMap",
    "LineChart",
    "Milestone",
    "PortfolioItem",
    "PortfolioMatrix",
    "PeerRange",
    "PowerInterestGrid",
    "Quarter",
    "RadarChart",
    "RangeChart",
    "RoadmapChart",
    "RoadmapItem",
    "Series",
    "StackedBarChart",
    "Stakeholder",
    "TrajectoryChart",
]
